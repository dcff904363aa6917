package net.erp.spring.test.limits;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import net.erp.spring.boot.autoconfigure.ErpNetAutoConfiguration;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that calls as fast as it can for two minutes, at default settings, against an
 * emulator that enforces ERP.net's limits per session (600 requests a minute among
 * them): it draws no 429 and reaches at least 95 % of the rate the limit allows. Tagged
 * {@code minutes}: the build runs it on the main Spring Boot line only.
 */
@Tag("minutes")
class PacingTests {

	private static final Duration RUN = Duration.ofMinutes(2);

	private static final int CALLERS = 4;

	private final ErpNetMockInstance erpNet = ErpNetMockInstance.demo().enforceSessionLimits().start();

	private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
		this.erpNet.close();
	}

	@Test
	void aJobFlatOutDrawsNo429AndReachesTheAllowedRate() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class, RestClientAutoConfiguration.class))
			.withPropertyValues(this.erpNet.demoProperties()
				.entrySet()
				.stream()
				.map((property) -> property.getKey() + "=" + property.getValue())
				.toArray(String[]::new))
			.run((context) -> {
				RestClient erpNet = context.getBean("erpNetRestClient", RestClient.class);
				AtomicInteger served = new AtomicInteger();
				long start = System.nanoTime();
				long end = start + RUN.toNanos();
				Runnable caller = () -> {
					while (System.nanoTime() < end) {
						JsonNode page = erpNet.get()
							.uri(ErpNetMockInstance.CUSTOMERS + "?$top=1")
							.retrieve()
							.body(JsonNode.class);
						if (page != null && System.nanoTime() <= end) {
							served.incrementAndGet();
						}
					}
				};
				List<Future<?>> jobs = IntStream.range(0, CALLERS)
					.<Future<?>>mapToObj((i) -> this.callers.submit(caller))
					.toList();
				for (Future<?> job : jobs) {
					job.get();
				}
				int allowed = (int) (600 * RUN.toSeconds() / 60);
				System.out.printf("erpnet: pacing, %d callers for %s: %d requests served (%.1f %% of the %d that"
						+ " 600 a minute allows), %d answered 429, %d sessions%n", CALLERS, RUN, served.get(),
						100.0 * served.get() / allowed, allowed, this.erpNet.tooManyRequestsCount(),
						this.erpNet.sessionCount());
				assertThat(this.erpNet.tooManyRequestsCount()).isZero();
				assertThat(served.get()).isGreaterThanOrEqualTo(allowed * 95 / 100);
				assertThat(this.erpNet.sessionCount()).isOne();
			});
	}

}
