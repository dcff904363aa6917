package net.erp.spring.boot.autoconfigure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockserver.model.MediaType;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockserver.model.HttpResponse.response;

/**
 * Neither the client secret nor an access token appears in the output of a scenario with
 * a token, a 401, a 429, a renewal and a token error, even with every logger at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneTests {

	private final MockErpNet erpNet = new MockErpNet();

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	@BeforeEach
	void debug() {
		this.loggingSystem.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.DEBUG);
	}

	@AfterEach
	void stop() {
		this.loggingSystem.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
		this.erpNet.close();
	}

	@Test
	void debugOutputShowsNeitherSecretNorTokens(CapturedOutput output) {
		this.erpNet.reject(MockErpNet.token(1));
		this.erpNet.expiresIn(2L);
		this.erpNet.apiFailures(response().withStatusCode(429).withHeader("Retry-After", "0"), 1);
		this.erpNet.contextRunner().run((context) -> {
			getCustomers(webClient(context));
			getCustomers(restClient(context));
			Thread.sleep(1200);
			getCustomers(webClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(3);
			for (String name : new String[] { "erpNetInstance", "erpnet-" + ErpNetProperties.class.getName(),
					"erpNetReactiveAuthorizedClientManager", "erpNetAuthorizedClientManager",
					"erpNetExchangeFilterFunction" }) {
				System.out.println(name + ": " + context.getBean(name));
			}
		});
		this.erpNet.tokenFailure(response().withStatusCode(400)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody("{\"error\":\"invalid_client\",\"error_description\":\"Invalid client_id or client_secret\"}"));
		this.erpNet.contextRunner().run((context) -> {
			Throwable failure = catchThrowable(() -> getCustomers(restClient(context)));
			failure.printStackTrace(System.out);
		});
		assertThat(output).contains("Requesting an ERP.net access token")
			.contains("ERP.net answered 401")
			.contains("ERP.net answered 429")
			.contains("clientSecret=******")
			.contains("Could not obtain an ERP.net access token for client 'my-service-app-id': invalid_client");
		assertThat(output).doesNotContain(MockErpNet.CLIENT_SECRET).doesNotContain("eyJ-token-");
	}

}
