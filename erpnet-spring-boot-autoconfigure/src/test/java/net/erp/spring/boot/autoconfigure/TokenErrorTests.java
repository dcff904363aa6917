package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;

import net.erp.spring.client.ErpNetAuthenticationException;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockserver.model.HttpResponse.response;

/**
 * Token endpoint errors reach the caller of either client as an
 * {@link ErpNetAuthenticationException} with the OAuth2 error code, the server's
 * description and a hint, and without the secret.
 */
class TokenErrorTests {

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	static Stream<Arguments> errors() {
		return Stream.of(
				Arguments.of(oauth2Error(400, "invalid_client", "Invalid client_id or client_secret"), "invalid_client",
						"Invalid client_id or client_secret", "ApplicationSecretHash"),
				Arguments.of(oauth2Error(401, "invalid_client", "Invalid client credentials"), "invalid_client",
						"Invalid client credentials", "ClientType Confidential"),
				Arguments.of(oauth2Error(400, "unauthorized_client", "The client is not authorized to use this grant type"),
						"unauthorized_client", "The client is not authorized to use this grant type", "SystemUserAllowed"),
				Arguments.of(oauth2Error(401, "unauthorized_client", "Invalid client or Invalid client credentials"),
						"unauthorized_client", "Invalid client or Invalid client credentials", "SystemUser"),
				Arguments.of(oauth2Error(400, "invalid_scope", "Invalid scope: update"), "invalid_scope",
						"Invalid scope: update", "Scope attribute"),
				Arguments.of(oauth2Error(400, "invalid_request", "Missing client_secret"), "invalid_request",
						"Missing client_secret", "erpnet.client-secret"),
				Arguments.of(response().withStatusCode(400).withContentType(MediaType.APPLICATION_JSON)
					.withBody("{\"error\":\"invalid_client\"}"), "invalid_client", null, "ApplicationSecretHash"),
				Arguments.of(response().withStatusCode(500).withContentType(MediaType.TEXT_HTML_UTF_8)
					.withBody("<html><body>Internal Server Error</body></html>"), "server_error", null,
						"erpnet.instance-url"),
				Arguments.of(response().withStatusCode(503).withContentType(MediaType.TEXT_PLAIN)
					.withBody("Service Unavailable"), "server_error", null, "erpnet.instance-url"),
				Arguments.of(response().withStatusCode(200).withContentType(MediaType.TEXT_HTML_UTF_8)
					.withBody("<html><body>Sign in</body></html>"), "invalid_token_response", null,
						"erpnet.instance-url"),
				Arguments.of(response().withStatusCode(200).withContentType(MediaType.APPLICATION_JSON)
					.withBody("{\"token_type\":\"Bearer\"}"), "invalid_token_response", null,
						"erpnet.instance-url"));
	}

	@ParameterizedTest
	@MethodSource("errors")
	void webClientCallerGetsTheTokenError(HttpResponse tokenResponse, String code, String description, String hint) {
		assertTokenError(tokenResponse, code, description, hint, (context) -> () -> getCustomers(webClient(context)));
	}

	@ParameterizedTest
	@MethodSource("errors")
	void restClientCallerGetsTheTokenError(HttpResponse tokenResponse, String code, String description, String hint) {
		assertTokenError(tokenResponse, code, description, hint, (context) -> () -> getCustomers(restClient(context)));
	}

	@Test
	void unreachableTokenEndpointIsReported() throws IOException {
		int closedPort = MockErpNet.closedPort();
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.token-uri=http://127.0.0.1:" + closedPort + "/id/connect/token")
			.run((context) -> assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> getCustomers(restClient(context)))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo(ErpNetAuthenticationException.TOKEN_ENDPOINT_UNREACHABLE);
					assertThat(ex.getDescription()).contains("127.0.0.1:" + closedPort);
					assertThat(ex.getHint()).contains("erpnet.token-uri");
				}));
	}

	@Test
	void rejectionFailsFastDuringTheCooldownAndCallsSucceedAfterIt() {
		this.erpNet.tokenFailure(oauth2Error(400, "invalid_client", "Invalid client_id or client_secret"));
		this.erpNet.contextRunner().withPropertyValues("erpnet.token-request.error-cooldown=1s").run((context) -> {
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> getCustomers(webClient(context)));
			this.erpNet.tokenFailure(null);
			for (int i = 0; i < 5; i++) {
				assertThatExceptionOfType(ErpNetAuthenticationException.class)
					.isThrownBy(() -> getCustomers(restClient(context)))
					.satisfies((ex) -> assertThat(ex.getDescription()).isEqualTo("Invalid client_id or client_secret"));
			}
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			Thread.sleep(1100);
			assertThat(getCustomers(webClient(context))).contains("C00001");
			assertThat(getCustomers(restClient(context))).contains("C00001");
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void transientTokenEndpointFailuresAreRetried() {
		this.erpNet.tokenFailures(response().withStatusCode(503), 2);
		this.erpNet.contextRunner().withPropertyValues("erpnet.token-request.backoff=50ms").run((context) -> {
			assertThat(getCustomers(restClient(context))).contains("C00001");
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(3);
		});
	}

	private void assertTokenError(HttpResponse tokenResponse, String code, String description, String hint,
			Function<AssertableApplicationContext, Runnable> call) {
		this.erpNet.tokenFailure(tokenResponse);
		this.erpNet.contextRunner().run((context) -> assertThatExceptionOfType(ErpNetAuthenticationException.class)
			.isThrownBy(() -> call.apply(context).run())
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo(code);
				if (description != null) {
					assertThat(ex.getDescription()).isEqualTo(description);
				}
				assertThat(ex.getHint()).contains(hint);
				assertThat(ex.getMessage()).contains(MockErpNet.CLIENT_ID).contains(code).contains(ex.getHint());
				for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
					assertThat(cause.getMessage() + cause).doesNotContain(MockErpNet.CLIENT_SECRET);
				}
			}));
		assertThat(this.erpNet.apiRequestCount()).isZero();
	}

	private static HttpResponse oauth2Error(int status, String error, String description) {
		return response().withStatusCode(status)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
	}

}
