package net.erp.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * 20,480 Domain API calls from 64 concurrent callers, half through the WebClient and half
 * through the RestClient, while tokens expire every 2 seconds: no call fails, there is one
 * token request per expiry window, and the server never sees more requests at once than
 * the limit.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoadTests {

	// At least 20,000, shared evenly by the callers
	private static final int CALLS = 20_480;

	private static final int CALLERS = 64;

	private static final int LIMIT = 4;

	private static final long TOKEN_LIFETIME_SECONDS = 2;

	private final MockErpNet erpNet = MockErpNet.withoutRecording();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void manyConcurrentCallsWithExpiringTokens() {
		this.erpNet.expiresIn(TOKEN_LIFETIME_SECONDS);
		// Long enough for requests to overlap at the server if the client let them
		this.erpNet.apiDelayMillis(2);
		this.erpNet.contextRunner()
			// No pacing: far more calls than 600 a minute, against a stub without that limit
			.withPropertyValues("erpnet.token-refresh-skew=0s",
					"erpnet.domain-api.max-concurrent-requests=" + LIMIT, "erpnet.domain-api.max-requests-per-minute=0",
					"erpnet.domain-api.max-queued-requests=" + CALLERS)
			.run((context) -> {
				WebClient webClient = webClient(context);
				RestClient restClient = restClient(context);
				AtomicInteger succeeded = new AtomicInteger();
				long start = System.nanoTime();
				ExecutorService blockingCallers = Executors.newFixedThreadPool(CALLERS / 2);
				List<Future<?>> blocking = new ArrayList<>();
				for (int caller = 0; caller < CALLERS / 2; caller++) {
					blocking.add(blockingCallers.submit(() -> {
						for (int i = 0; i < CALLS / CALLERS; i++) {
							restClient.get().uri("/Crm_Sales_Customers?$top=1").retrieve().toBodilessEntity();
							succeeded.incrementAndGet();
						}
					}));
				}
				Flux.range(0, CALLS / 2)
					.flatMap((i) -> webClient.get().uri("/Crm_Sales_Customers?$top=1").retrieve().toBodilessEntity(),
							CALLERS / 2)
					.doOnNext((response) -> succeeded.incrementAndGet())
					.blockLast(Duration.ofMinutes(2));
				for (Future<?> caller : blocking) {
					caller.get(2, TimeUnit.MINUTES);
				}
				blockingCallers.shutdown();
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				long windows = elapsed.toMillis() / Duration.ofSeconds(TOKEN_LIFETIME_SECONDS).toMillis() + 1;
				System.out.printf("%d calls in %d ms (%.0f/s), %d token requests for %d expiry windows, "
						+ "at most %d concurrent requests at the server%n", succeeded.get(), elapsed.toMillis(),
						succeeded.get() * 1000.0 / elapsed.toMillis(), this.erpNet.tokenRequestCount(), windows,
						this.erpNet.maxConcurrentApiRequests());
				assertThat(succeeded.get()).isEqualTo(CALLS);
				assertThat(this.erpNet.apiRequestCount()).isEqualTo(CALLS);
				assertThat((long) this.erpNet.tokenRequestCount()).isCloseTo(windows, within(1L));
				assertThat(this.erpNet.maxConcurrentApiRequests()).isLessThanOrEqualTo(LIMIT);
			});
	}

}
