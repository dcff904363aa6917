package net.erp.spring.test.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConnection;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Replicas, each an application context of its own, that share their token through a real
 * Redis with {@code erpnet.cluster.enabled=true}.
 */
class ClusterTokenTests {

	private static final String CUSTOMERS = Replicas.CUSTOMERS;

	private final ErpNetMockInstance erpNet = ErpNetMockInstance.demo().enforceSessionLimits().start();

	private RedisServer redis;

	private Replicas replicas;

	@BeforeEach
	void startRedis() throws Exception {
		this.redis = RedisServer.start();
		this.replicas = new Replicas(this.erpNet, this.redis.port());
	}

	@AfterEach
	void stop() throws Exception {
		if (this.replicas != null) {
			this.replicas.close();
		}
		this.erpNet.close();
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void aColdStampedeOfThreeReplicasMakesOneTokenRequestAndOneSession() {
		List<RestClient> clients = IntStream.range(0, 3).mapToObj((i) -> restClient(replica())).toList();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
		for (RestClient client : clients) {
			for (int i = 0; i < 5; i++) {
				calls.add(CompletableFuture.supplyAsync(() -> {
					awaitStart(start);
					return client.get().uri(CUSTOMERS).retrieve().body(JsonNode.class);
				}));
			}
		}
		start.countDown();
		calls.forEach((call) -> assertThat(call.join()).isNotNull());
		assertThat(this.erpNet.tokenRequestCount()).isOne();
		assertThat(this.erpNet.sessionCount()).isOne();
		assertThat(this.erpNet.apiRequestWithoutTokenCount()).isZero();
	}

	@Test
	void redisHoldsTheTokenEncryptedWithATimeToLiveAndNeverTheSecret() {
		ConfigurableApplicationContext replica = replica();
		assertThat(restClient(replica).get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		String token = replica.getBean(ErpNetClients.class)
			.get(ErpNetClients.DEFAULT)
			.authorizedClientManager()
			.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"))
			.getAccessToken()
			.getTokenValue();
		StringRedisTemplate redis = this.replicas.redis();
		// The others are the session's limits
		assertThat(redis.keys("*")).allSatisfy((key) -> assertThat(key).startsWith("erpnet:")
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_ID)
			.doesNotContain(this.erpNet.url()));
		List<String> keys = new ArrayList<>(redis.keys("erpnet:token:*"));
		assertThat(keys).singleElement();
		String value = redis.opsForValue().get(keys.get(0));
		assertThat(value).doesNotContain(token)
			.doesNotContain(token.substring(0, 20))
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_ID);
		Long ttl = redis.getExpire(keys.get(0));
		assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toSeconds());
		// A replica with another secret for the same application finds nothing to decrypt
		redis.opsForValue().set(keys.get(0), value.substring(0, value.length() - 4) + "AAAA");
		assertThat(restClient(replica()).get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
	}

	@Test
	void aTokenRejectedOnOneReplicaIsReplacedOnceForAll() {
		RestClient first = restClient(replica());
		RestClient second = restClient(replica());
		assertThat(first.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(second.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(this.erpNet.tokenRequestCount()).isOne();
		this.erpNet.revokeAllTokens();
		assertThat(first.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		// The second replica's copy is rejected too; it is no longer the current one, so
		// it takes the first replica's new token instead of asking for another
		assertThat(second.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
	}

	@Test
	void anInstanceRemovedOnOneReplicaLeavesTheSharedTokenToTheOthers() {
		ErpNetClients first = replica().getBean(ErpNetClients.class);
		ErpNetClients second = replica().getBean(ErpNetClients.class);
		ErpNetConnection connection = ErpNetConnection.builder()
			.instanceUrl(this.erpNet.url())
			.clientId(ErpNetMockInstance.DEMO_CLIENT_ID)
			.clientSecret(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.build();
		assertThat(first.register("acme", connection).restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
			.isNotNull();
		RestClient other = second.register("acme", connection).restClient();
		assertThat(other.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		first.remove("acme");
		assertThat(other.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(restClient(replica()).get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(this.erpNet.tokenRequestCount()).isOne();
		assertThat(this.erpNet.sessionCount()).isOne();
	}

	@Test
	void withRedisGoneReplicasGoOnWithTheirOwnTokenOrFailWhenToldToAndRejoinWhenItIsBack() throws Exception {
		ConfigurableApplicationContext localReplica = replica();
		RestClient local = restClient(localReplica);
		RestClient failing = restClient(replica("erpnet.cluster.on-unavailable=fail"));
		assertThat(local.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(Replicas.clusterHealth(localReplica).getStatus()).isEqualTo(Status.UP);
		int port = this.redis.port();
		this.redis.close();
		this.redis = null;
		this.erpNet.revokeAllTokens();
		// The rejected token cannot be removed from Redis: this replica gets its own
		assertThat(local.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> failing.get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
			.withStackTraceContaining("erpnet.cluster.on-unavailable is fail");
		Health degraded = Replicas.clusterHealth(localReplica);
		assertThat(degraded.getStatus().getCode()).isEqualTo("DEGRADED");
		assertThat(degraded.getDetails().get("reason")).asString().startsWith("Redis does not answer: ");
		assertThat(localReplica.getBean(MeterRegistry.class).get("erpnet.cluster.fallbacks").functionCounter().count())
			.isPositive();
		this.redis = RedisServer.start(port);
		// Lettuce reconnects on its own
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Replicas.clusterHealth(localReplica).getStatus().equals(Status.UP));
		for (int i = 0; i < 5; i++) {
			assertThat(local.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		}
		// Back with Redis, the replica goes on with its token: no new request
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
	}

	@Test
	void clusterModeWithoutARedisConnectionStopsStartUp() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> new SpringApplicationBuilder(NoRedisReplica.class).web(WebApplicationType.NONE)
				.properties(this.replicas.properties())
				.run())
			.withStackTraceContaining("erpnet.cluster.enabled is true, but there is no Redis connection");
	}

	private ConfigurableApplicationContext replica(String... extra) {
		return this.replicas.start(extra);
	}

	private static RestClient restClient(ConfigurableApplicationContext replica) {
		return Replicas.restClient(replica);
	}

	private static void awaitStart(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NoRedisReplica {

	}

}
