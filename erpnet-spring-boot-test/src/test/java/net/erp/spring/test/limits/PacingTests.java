package net.erp.spring.test.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.cluster.RedisServer;
import net.erp.spring.test.cluster.Replicas;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that calls as fast as it can for two minutes, at default settings, against an
 * emulator that enforces ERP.net's limits per session (600 requests a minute among
 * them): it draws no 429 and reaches at least 95 % of the rate the limit allows, on one
 * replica, and on three in cluster mode, which share one session. The two run at once,
 * each on an emulator of its own, as they take their time waiting. Tagged
 * {@code minutes}: the build runs it on the main Spring Boot line only.
 */
@Tag("minutes")
class PacingTests {

	private static final Duration RUN = Duration.ofMinutes(2);

	private static final int CALLERS = 4;

	private final ErpNetMockInstance oneReplica = ErpNetMockInstance.demo().enforceSessionLimits().start();

	private final ErpNetMockInstance threeReplicas = ErpNetMockInstance.demo().enforceSessionLimits().start();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	// Closed last first
	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	@AfterEach
	void stop() throws Exception {
		this.callers.shutdownNow();
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.oneReplica.close();
		this.threeReplicas.close();
	}

	@Test
	void aJobFlatOutDrawsNo429AndReachesTheAllowedRateOnOneReplicaAndOnThreeInClusterMode() throws Exception {
		RedisServer redis = RedisServer.start();
		this.closeables.push(redis);
		Replicas single = replicas(this.oneReplica, redis);
		Replicas cluster = replicas(this.threeReplicas, redis);
		long end = System.nanoTime() + RUN.toNanos();
		CompletableFuture<Integer> alone = job(
				List.of(Replicas.restClient(single.start("erpnet.cluster.enabled=false"))), end);
		CompletableFuture<Integer> together = job(
				List.of(Replicas.restClient(cluster.start()), Replicas.restClient(cluster.start()),
						Replicas.restClient(cluster.start())),
				end);
		assertWithinTheLimits("one replica", alone.get(), this.oneReplica);
		assertWithinTheLimits("three replicas in cluster mode", together.get(), this.threeReplicas);
	}

	private Replicas replicas(ErpNetMockInstance erpNet, RedisServer redis) {
		Replicas replicas = new Replicas(erpNet, redis.port());
		this.closeables.push(replicas);
		return replicas;
	}

	// CALLERS threads per client, each calling until the end; how many were served by then
	private CompletableFuture<Integer> job(List<RestClient> clients, long end) {
		AtomicInteger served = new AtomicInteger();
		List<CompletableFuture<?>> running = new ArrayList<>();
		for (RestClient client : clients) {
			for (int i = 0; i < CALLERS; i++) {
				running.add(CompletableFuture.runAsync(() -> {
					while (System.nanoTime() < end) {
						JsonNode page = client.get()
							.uri(ErpNetMockInstance.CUSTOMERS + "?$top=1")
							.retrieve()
							.body(JsonNode.class);
						if (page != null && System.nanoTime() <= end) {
							served.incrementAndGet();
						}
					}
				}, this.callers));
			}
		}
		return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply((done) -> served.get());
	}

	private static void assertWithinTheLimits(String what, int served, ErpNetMockInstance erpNet) {
		int allowed = (int) (600 * RUN.toSeconds() / 60);
		System.out.printf("erpnet: pacing, %s, %d callers each, for %s: %d requests served (%.1f %% of the %d that"
				+ " 600 a minute allows), %d answered 429, %d sessions%n", what, CALLERS, RUN, served,
				100.0 * served / allowed, allowed, erpNet.tooManyRequestsCount(), erpNet.sessionCount());
		assertThat(erpNet.tooManyRequestsCount()).as(what).isZero();
		assertThat(served).as(what).isGreaterThanOrEqualTo(allowed * 95 / 100);
		assertThat(erpNet.sessionCount()).as(what).isOne();
	}

}
