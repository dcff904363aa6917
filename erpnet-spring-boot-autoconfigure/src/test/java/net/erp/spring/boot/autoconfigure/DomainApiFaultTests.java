package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockserver.model.MediaType;

import net.erp.spring.client.ErpNetConcurrencyLimitException;

import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockserver.model.HttpResponse.response;

/**
 * Faults of the Domain API: what is retried and how, what never is, and that every
 * failing call ends within its bound with a clear exception.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DomainApiFaultTests {

	private static final String ERPNET_ERROR = "{\"error\":{\"message\":\"Customer's From Date should not be greater "
			+ "than Thru Date\",\"code\":2029,\"type\":\"EnterpriseOneServerException\",\"info\":\"stack\"}}";

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void tooManyRequestsWaitsForRetryAfterSeconds() {
		this.erpNet.apiFailures(response().withStatusCode(429).withHeader("Retry-After", "1"), 1);
		this.erpNet.contextRunner().run((context) -> {
			long start = System.nanoTime();
			assertThat(getCustomers(webClient(context))).contains("C00001");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void tooManyRequestsWaitsForRetryAfterDate() {
		String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(Instant.now().plusSeconds(2).atOffset(ZoneOffset.UTC));
		this.erpNet.apiFailures(response().withStatusCode(429).withHeader("Retry-After", inTwoSeconds), 1);
		this.erpNet.contextRunner().run((context) -> {
			long start = System.nanoTime();
			assertThat(getCustomers(restClient(context))).contains("C00001");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void tooManyRequestsWithoutRetryAfterBacksOffEvenForPost() {
		this.erpNet.apiFailures(response().withStatusCode(429), 2);
		this.erpNet.contextRunner().withPropertyValues("erpnet.domain-api.retry.initial-backoff=100ms").run((context) -> {
			String created = webClient(context).post()
				.uri("/Crm_Sales_Customers")
				.bodyValue("{\"Number\":\"C00099\"}")
				.retrieve()
				.bodyToMono(String.class)
				.block();
			assertThat(created).contains("C00001");
			assertThat(this.erpNet.apiRequests()).hasSize(3)
				.allSatisfy((request) -> assertThat(request.getBodyAsString()).isEqualTo("{\"Number\":\"C00099\"}"));
		});
	}

	@Test
	void tooManyRequestsGivesUpAfterMaxAttempts() {
		this.erpNet.apiFailures(response().withStatusCode(429), 10);
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.domain-api.retry.initial-backoff=50ms", "erpnet.domain-api.retry.max-attempts=3")
			.run((context) -> {
				assertThatExceptionOfType(WebClientResponseException.TooManyRequests.class)
					.isThrownBy(() -> getCustomers(webClient(context)));
				assertThat(this.erpNet.apiRequestCount()).isEqualTo(3);
			});
	}

	@Test
	void retryAfterBeyondTheTimeLimitIsNotAwaited() {
		this.erpNet.apiFailures(response().withStatusCode(429).withHeader("Retry-After", "120"), 1);
		this.erpNet.contextRunner().withPropertyValues("erpnet.domain-api.retry.time-limit=5s").run((context) -> {
			assertThatExceptionOfType(HttpClientErrorException.TooManyRequests.class)
				.isThrownBy(() -> getCustomers(restClient(context)));
			assertThat(this.erpNet.apiRequestCount()).isOne();
		});
	}

	@Test
	void serviceUnavailableThenOkIsRetriedForGet() {
		this.erpNet.apiFailures(response().withStatusCode(503), 1);
		this.erpNet.apiFailures(response().withStatusCode(502), 1);
		this.erpNet.contextRunner().withPropertyValues("erpnet.domain-api.retry.initial-backoff=50ms").run((context) -> {
			assertThat(getCustomers(restClient(context))).contains("C00001");
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(3);
			this.erpNet.apiFailures(response().withStatusCode(504), 1);
			assertThat(getCustomers(webClient(context))).contains("C00001");
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(5);
		});
	}

	@Test
	void serviceUnavailableIsNotRetriedForPost() {
		this.erpNet.apiFailures(response().withStatusCode(503), 1);
		this.erpNet.contextRunner().run((context) -> {
			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> restClient(context).post()
					.uri("/Crm_Sales_Customers")
					.body("{\"Number\":\"C00099\"}")
					.retrieve()
					.toBodilessEntity());
			assertThat(this.erpNet.apiRequestCount()).isOne();
		});
	}

	@Test
	void internalServerErrorIsNeverRetriedAndItsBodyReachesTheCaller() {
		this.erpNet.apiFailures(response().withStatusCode(500).withContentType(MediaType.APPLICATION_JSON)
			.withBody(ERPNET_ERROR), 2);
		this.erpNet.contextRunner().run((context) -> {
			assertThatExceptionOfType(WebClientResponseException.InternalServerError.class)
				.isThrownBy(() -> getCustomers(webClient(context)))
				.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).isEqualTo(ERPNET_ERROR));
			assertThatExceptionOfType(HttpServerErrorException.InternalServerError.class)
				.isThrownBy(() -> getCustomers(restClient(context)))
				.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).isEqualTo(ERPNET_ERROR));
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void otherClientErrorsAreNeverRetried() {
		this.erpNet.apiFailures(response().withStatusCode(404), 1);
		this.erpNet.apiFailures(response().withStatusCode(400), 1);
		this.erpNet.contextRunner().run((context) -> {
			assertThatExceptionOfType(WebClientResponseException.NotFound.class)
				.isThrownBy(() -> getCustomers(webClient(context)));
			assertThatExceptionOfType(HttpClientErrorException.BadRequest.class).isThrownBy(() -> getCustomers(restClient(context)));
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void slowResponsesTimeOutAndIdempotentOnesAreRetriedWithinTheirBound() {
		this.erpNet.apiDelayMillis(2000);
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.domain-api.response-timeout=300ms", "erpnet.domain-api.retry.initial-backoff=50ms",
					"erpnet.domain-api.retry.max-attempts=3")
			.run((context) -> {
				long start = System.nanoTime();
				assertThatExceptionOfType(WebClientRequestException.class)
					.isThrownBy(() -> getCustomers(webClient(context)));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
				assertThat(this.erpNet.apiRequestCount()).isEqualTo(3);
				start = System.nanoTime();
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> getCustomers(restClient(context)));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
				assertThat(this.erpNet.apiRequestCount()).isEqualTo(6);
				assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
						() -> restClient(context).post().uri("/Crm_Sales_Customers").body("{}").retrieve().toBodilessEntity());
				assertThat(this.erpNet.apiRequestCount()).isEqualTo(7);
				this.erpNet.apiDelayMillis(0);
				assertThat(getCustomers(webClient(context))).contains("C00001");
			});
	}

	@Test
	void refusedConnectionIsRetriedForIdempotentRequestsThenReported() throws IOException {
		int port = MockErpNet.closedPort();
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.instance-url=http://127.0.0.1:" + port,
					"erpnet.token-uri=" + this.erpNet.url() + MockErpNet.TOKEN_PATH,
					"erpnet.domain-api.retry.initial-backoff=50ms")
			.run((context) -> {
				long start = System.nanoTime();
				assertThatExceptionOfType(WebClientRequestException.class)
					.isThrownBy(() -> getCustomers(webClient(context)));
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> getCustomers(restClient(context)));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			});
	}

	@Test
	void requestsBeyondTheQueueFailAtOnceAndTheServerNeverSeesMoreThanTheLimit() {
		this.erpNet.apiDelayMillis(500);
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.domain-api.max-concurrent-requests=1", "erpnet.domain-api.max-queued-requests=2")
			.run((context) -> {
				getCustomers(restClient(context));
				WebClient webClient = webClient(context);
				RestClient restClient = restClient(context);
				List<CompletableFuture<String>> calls = List.of(
						webClient.get().uri("/Crm_Sales_Customers").retrieve().bodyToMono(String.class).toFuture(),
						CompletableFuture.supplyAsync(() -> getCustomers(restClient)),
						webClient.get().uri("/Crm_Sales_Customers").retrieve().bodyToMono(String.class).toFuture(),
						webClient.get().uri("/Crm_Sales_Customers").retrieve().bodyToMono(String.class).toFuture(),
						webClient.get().uri("/Crm_Sales_Customers").retrieve().bodyToMono(String.class).toFuture());
				long failed = calls.stream().filter((call) -> {
					try {
						assertThat(call.get(10, TimeUnit.SECONDS)).contains("C00001");
						return false;
					}
					catch (Exception ex) {
						assertThat(ex).hasRootCauseInstanceOf(ErpNetConcurrencyLimitException.class);
						return true;
					}
				}).count();
				assertThat(failed).isEqualTo(2);
				assertThat(this.erpNet.maxConcurrentApiRequests()).isOne();
				assertThat(this.erpNet.apiRequestCount()).isEqualTo(4);
			});
	}

}
