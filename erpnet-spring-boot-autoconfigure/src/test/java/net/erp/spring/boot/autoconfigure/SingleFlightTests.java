package net.erp.spring.boot.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent calls on a cold cache, and again after the token expired, cause exactly one
 * token request each time, whichever client they use.
 */
class SingleFlightTests {

	private static final int CALLS = 200;

	// Long enough for the calls of one round, short enough to wait for
	private static final long TOKEN_LIFETIME_SECONDS = 5;

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void concurrentWebClientCallsShareOneTokenRequest() {
		run((context) -> {
			WebClient webClient = webClient(context);
			return (i) -> () -> getCustomers(webClient);
		});
	}

	@Test
	void concurrentRestClientCallsShareOneTokenRequest() {
		run((context) -> {
			RestClient restClient = restClient(context);
			return (i) -> () -> getCustomers(restClient);
		});
	}

	@Test
	void concurrentMixedCallsShareOneTokenRequest() {
		run((context) -> {
			WebClient webClient = webClient(context);
			RestClient restClient = restClient(context);
			return (i) -> (i % 2 == 0) ? () -> getCustomers(webClient) : () -> getCustomers(restClient);
		});
	}

	@Test
	void webClientCallsThatWaitedForTheTokenAreSpreadOverTheEventLoops() {
		this.erpNet.tokenDelayMillis(200);
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.domain-api.max-concurrent-requests=16")
			.run((context) -> {
				WebClient webClient = webClient(context);
				// Each call opens its own connection; the thread that reads a response is the
				// event loop its connection is bound to
				Set<String> eventLoops = Flux.range(0, 16)
					.flatMap((i) -> webClient.get()
						.uri("/Crm_Sales_Customers?$top=10")
						.retrieve()
						.bodyToMono(String.class)
						.map((body) -> Thread.currentThread().getName()), 16)
					.collect(Collectors.toSet())
					.block(Duration.ofSeconds(30));
				assertThat(this.erpNet.tokenRequestCount()).isOne();
				assertThat(eventLoops).hasSizeGreaterThan(1);
			});
	}

	private void run(CallFactory callFactory) {
		this.erpNet.expiresIn(TOKEN_LIFETIME_SECONDS);
		this.erpNet.tokenDelayMillis(200);
		this.erpNet.contextRunner().withPropertyValues("erpnet.token-refresh-skew=0s").run((context) -> {
			IntFunction<Callable<String>> calls = callFactory.create(context);
			callConcurrently(calls);
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(CALLS);
			Thread.sleep(Duration.between(Instant.now(), MockErpNet.cachedToken(context).getExpiresAt()).toMillis() + 200);
			callConcurrently(calls);
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2 * CALLS);
		});
	}

	private static void callConcurrently(IntFunction<Callable<String>> calls) throws Exception {
		ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(CALLS);
		executor.prestartAllCoreThreads();
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				Callable<String> call = calls.apply(i);
				results.add(executor.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).contains("C00001");
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	interface CallFactory {

		IntFunction<Callable<String>> create(AssertableApplicationContext context);

	}

}
