package net.erp.spring.test.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Replicas in cluster mode share the limits of their one session through a real Redis:
 * its permits, as leases, and its request window; and they go on through Redis faults.
 */
class ClusterLimitsTests {

	private static final String CUSTOMERS = Replicas.CUSTOMERS;

	private final ErpNetMockInstance erpNet = ErpNetMockInstance.demo().enforceSessionLimits().start();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private RedisServer redis;

	private Replicas replicas;

	@BeforeEach
	void startRedis() throws Exception {
		this.redis = RedisServer.start();
		this.replicas = new Replicas(this.erpNet, this.redis.port());
	}

	@AfterEach
	void stop() throws Exception {
		this.callers.shutdownNow();
		if (this.replicas != null) {
			this.replicas.close();
		}
		this.erpNet.close();
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void threeReplicasHaveOneRequestAtTheServerAtATime() {
		this.erpNet.apiDelay(Duration.ofMillis(20));
		List<RestClient> clients = IntStream.range(0, 3).mapToObj((i) -> restClient(this.replicas.start())).toList();
		List<CompletableFuture<?>> calls = new ArrayList<>();
		for (RestClient client : clients) {
			for (int caller = 0; caller < 3; caller++) {
				calls.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 5; i++) {
						assertThat(client.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
					}
				}, this.callers));
			}
		}
		calls.forEach(CompletableFuture::join);
		// Each replica on its own would have had one at a time: three in all
		assertThat(this.erpNet.maxRequestsAtOnce()).isOne();
		assertThat(this.erpNet.tooManyRequestsCount()).isZero();
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

	@Test
	void aRollingRestartMakesNoNewTokenRequestAndOpensNoNewSession() {
		List<ConfigurableApplicationContext> running = new ArrayList<>(
				IntStream.range(0, 3).mapToObj((i) -> this.replicas.start()).toList());
		callEach(running);
		for (int i = 0; i < running.size(); i++) {
			this.replicas.stop(running.get(i));
			running.set(i, this.replicas.start());
			callEach(running);
		}
		assertThat(this.erpNet.tokenRequestCount()).isOne();
		assertThat(this.erpNet.sessionCount()).isOne();
	}

	@Test
	void aReplicaKilledWhileHoldingAPermitFreesItWhenItsLeaseEnds() throws Exception {
		RestClient survivor = restClient(this.replicas.start());
		assertThat(survivor.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		// The killed replica's request takes a while at the server, which goes on serving
		// it after the replica is gone
		this.erpNet.apiDelay(Duration.ofSeconds(4));
		Process killed = replicaProcess("--erpnet.domain-api.response-timeout=5s");
		StringRedisTemplate redis = this.replicas.redis();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> permitsHeld(redis) == 1);
		}
		finally {
			// SIGKILL: the replica gives nothing back
			killed.destroyForcibly();
		}
		assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
		this.erpNet.apiDelay(Duration.ZERO);
		long start = System.nanoTime();
		assertThat(survivor.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		// Its lease is the killed replica's response timeout and 5 seconds: 10 seconds
		assertThat(waited).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(15));
		assertThat(permitsHeld(redis)).isZero();
		assertThat(this.erpNet.tooManyRequestsCount()).isZero();
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

	private Process replicaProcess(String... extra) throws Exception {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), ReplicaProcess.class.getName()));
		Map<String, Object> properties = this.replicas.properties();
		properties.put("test.redis.port", this.redis.port());
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		command.addAll(List.of(extra));
		Path log = Files.createTempFile("replica", ".log");
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static long permitsHeld(StringRedisTemplate redis) {
		return redis.keys("erpnet:permits:*").stream().mapToLong((key) -> redis.opsForZSet().zCard(key)).sum();
	}

	@Test
	void aFlushedRedisCostsNoCallNoTooManyRequestsAndNoTokenStorm() throws Exception {
		List<ConfigurableApplicationContext> running = IntStream.range(0, 3)
			.mapToObj((i) -> this.replicas.start())
			.toList();
		callEach(running);
		StringRedisTemplate redis = this.replicas.redis();
		AtomicBoolean stop = new AtomicBoolean();
		List<CompletableFuture<?>> calls = running.stream()
			.<CompletableFuture<?>>map((replica) -> CompletableFuture.runAsync(() -> {
				while (!stop.get()) {
					assertThat(restClient(replica).get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
				}
			}, this.callers))
			.toList();
		for (int i = 0; i < 3; i++) {
			Thread.sleep(300);
			redis.execute((RedisCallback<Object>) (connection) -> {
				connection.serverCommands().flushAll();
				return null;
			});
		}
		stop.set(true);
		calls.forEach(CompletableFuture::join);
		// Each replica goes on with its copy of the token; the next one to start asks once
		assertThat(this.erpNet.tokenRequestCount()).isOne();
		callEach(List.of(this.replicas.start(), this.replicas.start()));
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		assertThat(this.erpNet.tooManyRequestsCount()).isZero();
		running.forEach((replica) -> assertThat(Replicas.clusterHealth(replica).getStatus()).isEqualTo(Status.UP));
	}

	@Test
	void aSlowRedisHoldsNoCallPastItsTimeout() {
		ConfigurableApplicationContext local = this.replicas.start();
		ConfigurableApplicationContext failingReplica = this.replicas.start("erpnet.cluster.on-unavailable=fail");
		RestClient failing = restClient(failingReplica);
		callEach(List.of(local));
		assertThat(failing.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		// Redis holds every command for 4 seconds
		this.replicas.redis().execute((RedisConnection connection) -> connection.execute("CLIENT",
				"PAUSE".getBytes(), "4000".getBytes()));
		long start = System.nanoTime();
		callEach(List.of(local));
		// The command timeout, 1 second, and no more
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
		start = System.nanoTime();
		callEach(List.of(local));
		// No call waits for a Redis that did not answer the last one
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		start = System.nanoTime();
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> failing.get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
			.withStackTraceContaining("erpnet.cluster.on-unavailable is fail");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		Health degraded = Replicas.clusterHealth(local);
		assertThat(degraded.getStatus().getCode()).isEqualTo("DEGRADED");
		for (ConfigurableApplicationContext replica : List.of(local, failingReplica)) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Replicas.clusterHealth(replica).getStatus() == Status.UP);
		}
		// The permits that Redis took late were given back: the calls go on at once
		start = System.nanoTime();
		callEach(List.of(local));
		assertThat(failing.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(this.erpNet.tooManyRequestsCount()).isZero();
	}

	@Test
	void aReplicaStartsWhileRedisIsDownAndJoinsTheOthersWhenItIsBack() throws Exception {
		int port = this.redis.port();
		this.redis.close();
		this.redis = null;
		ConfigurableApplicationContext early = this.replicas.start();
		callEach(List.of(early));
		assertThat(Replicas.clusterHealth(early).getStatus().getCode()).isEqualTo("DEGRADED");
		this.redis = RedisServer.start(port);
		await().atMost(Duration.ofSeconds(30)).until(() -> Replicas.clusterHealth(early).getStatus() == Status.UP);
		// The early replica's token was never shared: the next replica asks once, for all
		callEach(List.of(this.replicas.start(), this.replicas.start(), early));
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		assertThat(this.erpNet.tooManyRequestsCount()).isZero();
	}

	private static void callEach(List<ConfigurableApplicationContext> replicas) {
		for (ConfigurableApplicationContext replica : replicas) {
			assertThat(restClient(replica).get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		}
	}

	private static RestClient restClient(ConfigurableApplicationContext replica) {
		return Replicas.restClient(replica);
	}

}
