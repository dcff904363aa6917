package net.erp.spring.test.instances;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import net.erp.spring.boot.autoconfigure.ErpNetAutoConfiguration;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConnection;
import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 instances registered at run time, one trusted application each, against one
 * emulator that trusts them all, in an application without a default instance: each gets
 * its own token, none starts a thread, and the heap they hold is printed.
 */
class ThousandRuntimeInstancesTests {

	private static final int INSTANCES = 1000;

	private static final int WARM_UP = 50;

	private static final String CUSTOMERS = ErpNetMockInstance.CUSTOMERS + "?$top=1";

	private final ErpNetMockInstance erpNet = ErpNetMockInstance.demo().start();

	private final ThreadPoolExecutor callers = (ThreadPoolExecutor) Executors.newFixedThreadPool(8);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class, WebClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues("erpnet.default-instance.enabled=false")
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
		this.erpNet.close();
	}

	@Test
	void thousandInstancesEachGetTheirOwnTokenWithoutAThreadOfTheirOwn() {
		IntStream.range(0, INSTANCES)
			.forEach((i) -> this.erpNet.addTrustedApplication(TrustedApplication.of("tenant-" + i, "secret-" + i)));
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			// The first instances build the shared HTTP client, and start the shared
			// schedulers' threads (as many as there are cores)
			this.callers.prestartAllCoreThreads();
			callAll(clients, 0, WARM_UP);
			Map<String, Long> threadsBefore = threads();
			long heapBefore = usedHeap();
			callAll(clients, WARM_UP, INSTANCES);
			long heapAfter = usedHeap();
			Map<String, Long> threadsAfter = threads();
			assertThat(clients.names()).hasSize(INSTANCES);
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(INSTANCES);
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(INSTANCES);
			assertThat(this.erpNet.apiRequestWithoutTokenCount()).isZero();
			System.out.printf("erpnet: %d runtime instances, each used once: %.1f KB of heap per instance"
					+ " (with its meters); threads by name before %s, after %s%n", INSTANCES - WARM_UP,
					(heapAfter - heapBefore) / 1024.0 / (INSTANCES - WARM_UP), threadsBefore, threadsAfter);
			// None more of any kind; threads that other tests left may have ended meanwhile
			assertThat(threadsAfter).allSatisfy((name, count) -> assertThat(count).as(name)
				.isLessThanOrEqualTo(threadsBefore.getOrDefault(name, 0L)));
			// Bounded: a connection pool or an HTTP client of its own would take far more
			assertThat((heapAfter - heapBefore) / (INSTANCES - WARM_UP)).isLessThan(256 * 1024);
			IntStream.range(0, INSTANCES).forEach((i) -> assertThat(clients.remove("tenant-" + i)).isTrue());
			assertThat(clients.names()).isEmpty();
			long heapRemoved = usedHeap();
			System.out.printf("erpnet: after removing all %d, %.1f KB of heap above the level before the %d%n",
					INSTANCES, (heapRemoved - heapBefore) / 1024.0, INSTANCES - WARM_UP);
			assertThat(heapRemoved - heapBefore).isLessThan((heapAfter - heapBefore) / 4);
			assertThat(context.getBean(MeterRegistry.class).getMeters()).isEmpty();
		});
	}

	private void callAll(ErpNetClients clients, int from, int to) throws Exception {
		List<Future<?>> calls = IntStream.range(from, to).<Future<?>>mapToObj((i) -> this.callers.submit(() -> {
			clients.register("tenant-" + i, ErpNetConnection.builder()
				.instanceUrl(this.erpNet.url())
				.clientId("tenant-" + i)
				.clientSecret("secret-" + i)
				.build());
			call(clients, i);
		})).toList();
		for (Future<?> call : calls) {
			call.get();
		}
	}

	private static void call(ErpNetClients clients, int i) {
		assertThat(clients.get("tenant-" + i).restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
			.isNotNull();
	}

	// Threads by the name without its number, so that a pool that grows shows up; not the
	// emulator's, nor those of the JDK and Netty that start and stop on their own
	private static Map<String, Long> threads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !thread.getName().startsWith("MockServer-")
					&& !thread.getName().equals("Keep-Alive-Timer")
					&& !thread.getName().startsWith("globalEventExecutor-"))
			.collect(Collectors.groupingBy((thread) -> thread.getName().replaceAll("\\d+", "#"), TreeMap::new,
					Collectors.counting()));
	}

	private static long usedHeap() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
