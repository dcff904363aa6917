package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockserver.model.Delay;
import org.mockserver.model.MediaType;

import net.erp.spring.client.ErpNetAuthenticationException;


import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.mockserver.model.HttpResponse.response;

/**
 * Faults of the token endpoint: each failing call ends within its bound with a clear
 * exception, nothing is retried that should not be, and calls succeed once the fault
 * ends.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TokenEndpointFaultTests {

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void refusedConnectionIsRetriedThenReportedAndRecoversWhenTheEndpointIsBack() throws IOException {
		int port = MockErpNet.closedPort();
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.token-uri=http://127.0.0.1:" + port + MockErpNet.TOKEN_PATH,
					"erpnet.token-request.backoff=50ms")
			.run((context) -> {
				long start = System.nanoTime();
				assertThatExceptionOfType(ErpNetAuthenticationException.class)
					.isThrownBy(() -> getCustomers(webClient(context)))
					.satisfies((ex) -> assertThat(ex.getErrorCode())
						.isEqualTo(ErpNetAuthenticationException.TOKEN_ENDPOINT_UNREACHABLE));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				try (MockErpNet tokenEndpoint = new MockErpNet(port)) {
					assertThat(getCustomers(restClient(context))).contains("C00001");
					assertThat(tokenEndpoint.tokenRequestCount()).isOne();
				}
			});
	}

	@Test
	void slowTokenEndpointTimesOutWithinItsBound() {
		this.erpNet.tokenFailures(response().withStatusCode(200).withDelay(Delay.seconds(2)), 3);
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.token-request.response-timeout=300ms", "erpnet.token-request.backoff=50ms")
			.run((context) -> {
				long start = System.nanoTime();
				assertThatExceptionOfType(ErpNetAuthenticationException.class)
					.isThrownBy(() -> getCustomers(restClient(context)))
					.satisfies((ex) -> assertThat(ex.getErrorCode())
						.isEqualTo(ErpNetAuthenticationException.TOKEN_ENDPOINT_UNREACHABLE));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
				assertThat(this.erpNet.tokenRequestCount()).isEqualTo(3);
				assertThat(getCustomers(webClient(context))).contains("C00001");
				assertThat(this.erpNet.tokenRequestCount()).isEqualTo(4);
			});
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 503 })
	void serverErrorsAreRetriedThenReportedAndRecover(int status) {
		this.erpNet.tokenFailures(response().withStatusCode(status), 3);
		this.erpNet.contextRunner().withPropertyValues("erpnet.token-request.backoff=50ms").run((context) -> {
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> getCustomers(webClient(context)))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("server_error");
					assertThat(ex.getDescription()).endsWith("answered HTTP " + status);
				});
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(3);
			assertThat(getCustomers(webClient(context))).contains("C00001");
		});
	}

	@Test
	void nonJsonAnswerIsNotRetried() {
		this.erpNet.tokenFailures(response().withStatusCode(200)
			.withContentType(MediaType.TEXT_HTML_UTF_8)
			.withBody("<html>proxy sign-in</html>"), 1);
		assertNotRetriedThenRecovers(ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE);
	}

	@Test
	void answerWithoutAccessTokenIsNotRetried() {
		this.erpNet.tokenFailures(response().withStatusCode(200)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody("{\"token_type\":\"Bearer\",\"expires_in\":3600}"), 1);
		assertNotRetriedThenRecovers(ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE);
	}

	@Test
	void oauth2ErrorIsNotRetried() {
		this.erpNet.tokenFailures(response().withStatusCode(400)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody("{\"error\":\"invalid_scope\",\"error_description\":\"Invalid scope: update\"}"), 1);
		this.erpNet.contextRunner().withPropertyValues("erpnet.token-request.error-cooldown=0s").run((context) -> {
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> getCustomers(webClient(context)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("invalid_scope"));
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			assertThat(getCustomers(webClient(context))).contains("C00001");
		});
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -5 })
	void unusableExpiresInGetsTheDefaultLifetime(long expiresIn) {
		assertLifetime(expiresIn, Duration.ofHours(1));
	}

	@Test
	void hugeExpiresInIsCappedAtADay() {
		assertLifetime(Long.MAX_VALUE, Duration.ofDays(1));
	}

	private void assertLifetime(long expiresIn, Duration lifetime) {
		this.erpNet.expiresIn(expiresIn);
		this.erpNet.contextRunner().run((context) -> {
			for (int i = 0; i < 5; i++) {
				assertThat(getCustomers(webClient(context))).contains("C00001");
				assertThat(getCustomers(restClient(context))).contains("C00001");
			}
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			Instant expiresAt = MockErpNet.cachedToken(context).getExpiresAt();
			assertThat(expiresAt).isCloseTo(Instant.now().plus(lifetime), within(Duration.ofMinutes(1)));
		});
	}

	private void assertNotRetriedThenRecovers(String errorCode) {
		this.erpNet.contextRunner().run((context) -> {
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> getCustomers(restClient(context)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(errorCode));
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			assertThat(getCustomers(restClient(context))).contains("C00001");
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

}
