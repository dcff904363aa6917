package net.erp.spring.test.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import net.erp.spring.cluster.redis.RedisErpNetTokenStore;
import net.erp.spring.client.SharedErpNetLimits;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisErpNetTokenStore}'s lock of token requests and its shared limits, with two
 * stores as two replicas on a real Redis.
 */
class RedisErpNetTokenStoreTests {

	private static final String KEY = "https://erp.example.com/id/connect/token app read fingerprint";

	private static final SecretKeySpec ENCRYPTION_KEY = new SecretKeySpec(new byte[32], "AES");

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final Duration LEASE = Duration.ofMinutes(1);

	private RedisServer redis;

	private LettuceConnectionFactory connectionFactory;

	private RedisErpNetTokenStore first;

	private RedisErpNetTokenStore second;

	@BeforeEach
	void start() throws Exception {
		this.redis = RedisServer.start();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()),
				LettuceClientConfiguration.builder().shutdownTimeout(Duration.ZERO).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.first = store();
		this.second = store();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void aReplicaWaitsForTheRenewedTokenRatherThanTakeBackTheOneBeingRenewed() {
		this.first.save(KEY, token("first")).block();
		assertThat(this.second.load(KEY).block()).extracting(OAuth2AccessToken::getTokenValue).isEqualTo("first");
		Mono<OAuth2AccessToken> slowRenewal = Mono.delay(Duration.ofMillis(500))
			.then(this.first.save(KEY, token("renewed")))
			.thenReturn(token("renewed"));
		CompletableFuture<OAuth2AccessToken> renewal = this.first.obtain(KEY, slowRenewal).toFuture();
		awaitLock();
		OAuth2AccessToken taken = this.second
			.obtain(KEY, Mono.error(new AssertionError("The second replica asked for a token of its own")))
			.block(Duration.ofSeconds(5));
		assertThat(taken.getTokenValue()).isEqualTo("renewed");
		assertThat(renewal.join().getTokenValue()).isEqualTo("renewed");
	}

	@Test
	void aReplicaThatDiesWhileRequestingHoldsTheOthersUpNoLongerThanTheLease() {
		this.first.setLockLease(Duration.ofMillis(400));
		// Never completes, as a replica that died in the middle
		this.first.obtain(KEY, Mono.never()).subscribe();
		awaitLock();
		long start = System.nanoTime();
		OAuth2AccessToken own = this.second.obtain(KEY, Mono.just(token("own"))).block(Duration.ofSeconds(5));
		assertThat(own.getTokenValue()).isEqualTo("own");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void twoReplicasShareThePermitsOfASession() {
		SharedErpNetLimits first = this.first.limits(KEY);
		SharedErpNetLimits second = this.second.limits(KEY);
		assertThat(first.tryAcquire("a", 1, 0, WINDOW, LEASE).block()).isZero();
		// Taken: ask again soon
		assertThat(second.tryAcquire("b", 1, 0, WINDOW, LEASE).block()).isEqualTo(Duration.ofMillis(10));
		first.release("a");
		await().atMost(Duration.ofSeconds(5)).until(() -> second.tryAcquire("b", 1, 0, WINDOW, LEASE).block().isZero());
		assertThat(first.tryAcquire("c", 2, 0, WINDOW, LEASE).block()).isZero();
		assertThat(first.tryAcquire("d", 2, 0, WINDOW, LEASE).block()).isPositive();
	}

	@Test
	void aPermitNeverGivenBackFreesWhenItsLeaseEnds() {
		SharedErpNetLimits first = this.first.limits(KEY);
		SharedErpNetLimits second = this.second.limits(KEY);
		assertThat(first.tryAcquire("dead", 1, 0, WINDOW, Duration.ofMillis(400)).block()).isZero();
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(5)).until(() -> second.tryAcquire("b", 1, 0, WINDOW, LEASE).block().isZero());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
				Duration.ofSeconds(2));
	}

	@Test
	void twoReplicasShareTheWindowOfASession() throws InterruptedException {
		SharedErpNetLimits first = this.first.limits(KEY);
		SharedErpNetLimits second = this.second.limits(KEY);
		Duration window = Duration.ofSeconds(2);
		for (String permit : List.of("a", "b", "c")) {
			assertThat(first.tryAcquire(permit, 10, 4, window, LEASE).block()).isZero();
		}
		assertThat(second.tryAcquire("d", 10, 4, window, LEASE).block()).isZero();
		// The fifth waits for the first to leave the window
		Duration wait = second.tryAcquire("e", 10, 4, window, LEASE).block();
		assertThat(wait).isPositive().isLessThanOrEqualTo(window);
		assertThat(first.tryAcquire("e", 10, 4, window, LEASE).block()).isPositive();
		Thread.sleep(wait.toMillis());
		assertThat(first.tryAcquire("e", 10, 4, window, LEASE).block()).isZero();
	}

	private void awaitLock() {
		ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(this.connectionFactory);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !template.keys("erpnet:token-lock:*").collectList().block().isEmpty());
	}

	private RedisErpNetTokenStore store() {
		RedisErpNetTokenStore store = new RedisErpNetTokenStore(
				new ReactiveStringRedisTemplate(this.connectionFactory), "erpnet:");
		store.useEncryptionKey(KEY, ENCRYPTION_KEY);
		return store;
	}

	private static OAuth2AccessToken token(String value) {
		Instant now = Instant.now();
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now, now.plusSeconds(3600),
				Set.of("read"));
	}

}
