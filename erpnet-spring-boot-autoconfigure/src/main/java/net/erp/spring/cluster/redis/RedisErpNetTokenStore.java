package net.erp.spring.cluster.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import net.erp.spring.client.ErpNetClientSecrets;
import net.erp.spring.client.ErpNetTokenService;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.SharedErpNetLimits;
import net.erp.spring.client.SharedErpNetTokenStore;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * An {@link ErpNetTokenStore} that replicas share through Redis, so that they use one
 * token, and so one ERP.net session, between them.
 * <p>
 * A token is stored encrypted (AES-GCM) with the key that {@link ErpNetTokenService}
 * derives from the trusted application's secret, bound to its Redis key, with a time to
 * live at its expiry; the secret itself never goes to Redis, so read access to Redis
 * gives no usable token. One replica at a time requests a token, under a lock with a
 * lease: the others wait for the token it stores, and a replica that dies while
 * requesting holds the others up no longer than the lease. A rejected token is removed
 * only if it is still the current one.
 * <p>
 * The {@link #limits(String) limits} of a session are two sorted sets, updated by one
 * atomic script: the permits under way, each with a lease, so that a replica that dies
 * holding one frees it when its lease ends; and the turns of the sliding window.
 * <p>
 * Each replica keeps a local copy, which answers {@link #get(String)} without a round
 * trip. When Redis cannot be reached or does not answer in time, the replica goes on
 * with its local copy, its own token requests and its own limits, and says so in the log
 * once; until Redis answers again, one request a second asks it, and the others do not
 * wait for it.
 */
public final class RedisErpNetTokenStore implements SharedErpNetTokenStore {

	private static final Log logger = LogFactory.getLog(RedisErpNetTokenStore.class);

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	// Deletes the key if its value starts with the fingerprint, or is the lock's owner
	private static final RedisScript<Long> DELETE_IF_STARTS_WITH = RedisScript.of("""
			local value = redis.call('GET', KEYS[1])
			if value and string.sub(value, 1, string.len(ARGV[1])) == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0""", Long.class);

	// Takes a permit, scored by the end of its lease, and a turn of the window, scored by
	// its start, on Redis's clock, so that the replicas' clocks do not matter. Answers 0
	// if taken, -1 if no permit is free, else how many milliseconds until a turn is.
	private static final RedisScript<Long> TAKE_TURN = RedisScript.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
			if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
				return -1
			end
			local max = tonumber(ARGV[3])
			local window = tonumber(ARGV[4])
			if max > 0 then
				redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
				if redis.call('ZCARD', KEYS[2]) >= max then
					local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
					return math.max(1, tonumber(oldest[2]) + window - now)
				end
				redis.call('ZADD', KEYS[2], now, ARGV[1])
				redis.call('PEXPIRE', KEYS[2], window)
			end
			local lease = tonumber(ARGV[5])
			redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
			redis.call('PEXPIRE', KEYS[1], lease)
			return 0""", Long.class);

	private final SecureRandom random = new SecureRandom();

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final Map<String, OAuth2AccessToken> local = new ConcurrentHashMap<>();

	private final Map<String, SecretKey> encryptionKeys = new ConcurrentHashMap<>();

	private final String replica = UUID.randomUUID().toString();

	private final AtomicBoolean available = new AtomicBoolean(true);

	private final AtomicLong fallbacks = new AtomicLong();

	private final AtomicLong lastProbe = new AtomicLong(System.nanoTime() - PROBE_INTERVAL.toNanos());

	private volatile @Nullable String unavailableReason;

	private Duration timeout = Duration.ofSeconds(1);

	private Duration lockLease = Duration.ofSeconds(30);

	private Duration pollInterval = Duration.ofMillis(50);

	private Duration permitPollInterval = Duration.ofMillis(10);

	private boolean failWhenUnavailable;

	/**
	 * Create a new instance.
	 * @param redis the Redis operations
	 * @param keyPrefix the prefix of every key this store writes, such as
	 * {@code erpnet:}
	 */
	public RedisErpNetTokenStore(ReactiveStringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Set how long a Redis command may take before the replica goes on without it.
	 * Defaults to 1 second.
	 * @param timeout the timeout
	 */
	public void setTimeout(Duration timeout) {
		Assert.isTrue(isPositive(timeout), "timeout must be positive");
		this.timeout = timeout;
	}

	/**
	 * Set how long the lock of a token request holds at most, should its replica die.
	 * Defaults to 30 seconds: longer than a token request with its retries takes.
	 * @param lockLease the lease
	 */
	public void setLockLease(Duration lockLease) {
		Assert.isTrue(isPositive(lockLease), "lockLease must be positive");
		this.lockLease = lockLease;
	}

	/**
	 * Set how often a replica that waits for another's token request looks for it.
	 * Defaults to 50 milliseconds.
	 * @param pollInterval the interval
	 */
	public void setPollInterval(Duration pollInterval) {
		Assert.isTrue(isPositive(pollInterval), "pollInterval must be positive");
		this.pollInterval = pollInterval;
	}

	/**
	 * Set how often a replica that waits for a shared permit, all of which are taken,
	 * asks for one again. Defaults to 10 milliseconds.
	 * @param permitPollInterval the interval
	 */
	public void setPermitPollInterval(Duration permitPollInterval) {
		Assert.isTrue(isPositive(permitPollInterval), "permitPollInterval must be positive");
		this.permitPollInterval = permitPollInterval;
	}

	/**
	 * Set whether calls fail while Redis cannot be reached, rather than go on with this
	 * replica's own token. Defaults to {@code false}.
	 * @param failWhenUnavailable whether to fail
	 */
	public void setFailWhenUnavailable(boolean failWhenUnavailable) {
		this.failWhenUnavailable = failWhenUnavailable;
	}

	@Override
	public void useEncryptionKey(String key, SecretKey encryptionKey) {
		this.encryptionKeys.put(key, encryptionKey);
	}

	@Override
	public @Nullable OAuth2AccessToken get(String key) {
		return this.local.get(key);
	}

	@Override
	public Mono<OAuth2AccessToken> load(String key) {
		SecretKey encryptionKey = this.encryptionKeys.get(key);
		if (encryptionKey == null) {
			return Mono.justOrEmpty(get(key));
		}
		return redis(this.redis.opsForValue().get(tokenKey(key)), "read the shared token")
			.flatMap((value) -> Mono.justOrEmpty(decrypt(key, encryptionKey, value)))
			.doOnNext((token) -> this.local.put(key, token))
			.switchIfEmpty(Mono.fromSupplier(() -> unavailableLocal(key)));
	}

	// While Redis is unavailable, the local copy stands in for the shared one
	private @Nullable OAuth2AccessToken unavailableLocal(String key) {
		return this.available.get() ? null : this.local.get(key);
	}

	@Override
	public Mono<Void> save(String key, OAuth2AccessToken token) {
		this.local.put(key, token);
		SecretKey encryptionKey = this.encryptionKeys.get(key);
		Instant expiresAt = token.getExpiresAt();
		if (encryptionKey == null || expiresAt == null) {
			return Mono.empty();
		}
		Duration ttl = Duration.between(Instant.now(), expiresAt);
		if (!isPositive(ttl)) {
			return Mono.empty();
		}
		return redis(this.redis.opsForValue().set(tokenKey(key), encrypt(key, encryptionKey, token), ttl),
				"share the new token")
			.then();
	}

	@Override
	public Mono<Boolean> removeIfCurrent(String key, OAuth2AccessToken token) {
		boolean removedLocally = this.local.computeIfPresent(key,
				(k, current) -> current.getTokenValue().equals(token.getTokenValue()) ? null : current) == null;
		SecretKey encryptionKey = this.encryptionKeys.get(key);
		if (encryptionKey == null) {
			return Mono.just(removedLocally);
		}
		return redis(this.redis.execute(DELETE_IF_STARTS_WITH, List.of(tokenKey(key)),
				List.of(fingerprint(encryptionKey, token) + ".")).next(), "remove the rejected token")
			.map((deleted) -> deleted > 0)
			.defaultIfEmpty(removedLocally);
	}

	// The other replicas go on with the token: only this replica's copy goes
	@Override
	public Mono<Void> release(String key) {
		this.local.remove(key);
		return Mono.empty();
	}

	@Override
	public Mono<OAuth2AccessToken> obtain(String key, Mono<OAuth2AccessToken> request) {
		if (!this.encryptionKeys.containsKey(key)) {
			return request;
		}
		String lockKey = this.keyPrefix + "token-lock:" + hash(key);
		String owner = this.replica + ":" + UUID.randomUUID();
		long deadline = System.nanoTime() + this.lockLease.toNanos();
		// The token this replica has is the one being renewed: wait for another
		OAuth2AccessToken previous = get(key);
		return redis(this.redis.opsForValue().setIfAbsent(lockKey, owner, this.lockLease), "lock the token request")
			.defaultIfEmpty(true)
			.flatMap((locked) -> locked ? request.doFinally((signal) -> unlock(lockKey, owner))
					: awaitOthers(key, previous, lockKey, request, deadline));
	}

	// Another replica requests the token: wait for it to be stored, or for the lock to go
	private Mono<OAuth2AccessToken> awaitOthers(String key, @Nullable OAuth2AccessToken previous, String lockKey,
			Mono<OAuth2AccessToken> request, long deadline) {
		return Mono.delay(this.pollInterval)
			.then(load(key))
			.filter((token) -> previous == null || !token.getTokenValue().equals(previous.getTokenValue()))
			.switchIfEmpty(Mono.defer(() -> {
				if (System.nanoTime() > deadline) {
					return request;
				}
				return redis(this.redis.hasKey(lockKey), "look at the token request's lock").defaultIfEmpty(false)
					.flatMap((locked) -> locked ? awaitOthers(key, previous, lockKey, request, deadline)
							: obtain(key, request));
			}));
	}

	private void unlock(String lockKey, String owner) {
		redis(this.redis.execute(DELETE_IF_STARTS_WITH, List.of(lockKey), List.of(owner)).next(),
				"unlock the token request")
			.subscribe();
	}

	@Override
	public SharedErpNetLimits limits(String key) {
		List<String> keys = List.of(this.keyPrefix + "permits:{" + hash(key) + "}",
				this.keyPrefix + "turns:{" + hash(key) + "}");
		return new SharedErpNetLimits() {

			@Override
			public Mono<Duration> tryAcquire(String permit, int maxConcurrentRequests, int maxRequests,
					Duration window, Duration lease) {
				// While Redis does not answer, one request a second asks it; the others go on
				if (!RedisErpNetTokenStore.this.available.get() && !probeDue()) {
					return unavailable(RedisErpNetTokenStore.this.unavailableReason, null);
				}
				return redis(RedisErpNetTokenStore.this.redis
					.execute(TAKE_TURN, keys,
							List.of(permit, String.valueOf(maxConcurrentRequests), String.valueOf(maxRequests),
									String.valueOf(window.toMillis()), String.valueOf(lease.toMillis())))
					.next()
					// A slow Redis may take the permit after the replica went on without it
					.doOnCancel(() -> release(permit))
					.doOnError((ex) -> release(permit)), "take a turn of the shared limits")
					.map((wait) -> (wait < 0) ? RedisErpNetTokenStore.this.permitPollInterval
							: Duration.ofMillis(wait));
			}

			// One not given back frees at the end of its lease
			@Override
			public void release(String permit) {
				RedisErpNetTokenStore.this.redis.opsForZSet()
					.remove(keys.get(0), permit)
					.timeout(RedisErpNetTokenStore.this.timeout)
					.subscribe(null, (ex) -> logger
						.debug("Could not give a shared permit back: " + ex.getClass().getSimpleName()));
			}

			@Override
			public String toString() {
				return "RedisErpNetTokenStore.limits[keyPrefix=" + RedisErpNetTokenStore.this.keyPrefix + "]";
			}

		};
	}

	private boolean probeDue() {
		long last = this.lastProbe.get();
		long now = System.nanoTime();
		return now - last >= PROBE_INTERVAL.toNanos() && this.lastProbe.compareAndSet(last, now);
	}

	// A Redis command that is given up when it fails or is slow
	private <T> Mono<T> redis(Mono<T> command, String what) {
		return command.timeout(this.timeout)
			.doOnSuccess((value) -> available())
			.onErrorResume((ex) -> {
				// As good as a probe: the next is due in a second
				this.lastProbe.set(System.nanoTime());
				return unavailable("Could not " + what + " in Redis: " + ex.getClass().getSimpleName(), ex);
			});
	}

	// Goes on without Redis, with a warning once, or fails if told to
	private <T> Mono<T> unavailable(@Nullable String reason, @Nullable Throwable ex) {
		String why = (reason != null) ? reason : "Redis does not answer";
		this.unavailableReason = why;
		boolean wentDown = this.available.compareAndSet(true, false);
		if (this.failWhenUnavailable) {
			return Mono.error(new IllegalStateException(why + ", and erpnet.cluster.on-unavailable is fail", ex));
		}
		this.fallbacks.incrementAndGet();
		if (wentDown) {
			logger.warn(why + "; going on with this replica's own token and limits until Redis answers again");
		}
		return Mono.empty();
	}

	private void available() {
		this.unavailableReason = null;
		if (this.available.compareAndSet(false, true)) {
			logger.info("Redis answers again: sharing ERP.net tokens with the other replicas");
		}
	}

	@Override
	public Mono<String> check() {
		return Mono
			.usingWhen(Mono.fromSupplier(() -> this.redis.getConnectionFactory().getReactiveConnection()),
					ReactiveRedisConnection::ping, ReactiveRedisConnection::closeLater)
			.timeout(this.timeout)
			.doOnSuccess((pong) -> available())
			.then(Mono.<String>empty())
			.onErrorResume((ex) -> {
				String reason = "Redis does not answer: " + ex.getClass().getSimpleName();
				this.unavailableReason = reason;
				return Mono.just(reason);
			});
	}

	@Override
	public boolean isFailWhenUnavailable() {
		return this.failWhenUnavailable;
	}

	@Override
	public long getFallbackCount() {
		return this.fallbacks.get();
	}

	private String tokenKey(String key) {
		return this.keyPrefix + "token:" + hash(key);
	}

	private static String hash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private String encrypt(String key, SecretKey encryptionKey, OAuth2AccessToken token) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		String plain = millis(token.getIssuedAt()) + "\n" + millis(token.getExpiresAt()) + "\n"
				+ String.join(" ", token.getScopes()) + "\n" + token.getTokenValue();
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(tokenKey(key).getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			byte[] value = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
			return fingerprint(encryptionKey, token) + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(value);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES/GCM is not available", ex);
		}
	}

	// Another secret, or a value written by someone else, reads as no token
	private @Nullable OAuth2AccessToken decrypt(String key, SecretKey encryptionKey, String value) {
		int dot = value.indexOf('.');
		try {
			byte[] sealed = Base64.getUrlDecoder().decode(value.substring(dot + 1));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_LENGTH));
			cipher.updateAAD(tokenKey(key).getBytes(StandardCharsets.UTF_8));
			String[] parts = new String(cipher.doFinal(sealed, NONCE_LENGTH, sealed.length - NONCE_LENGTH),
					StandardCharsets.UTF_8)
				.split("\n", 4);
			Set<String> scopes = StringUtils.commaDelimitedListToSet(parts[2].replace(' ', ','));
			return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, parts[3], instant(parts[0]),
					instant(parts[1]), scopes);
		}
		catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
			logger.debug("Ignored a shared ERP.net token that could not be decrypted");
			return null;
		}
	}

	// Names the token for a compare-and-delete without revealing it
	private static String fingerprint(SecretKey encryptionKey, OAuth2AccessToken token) {
		return ErpNetClientSecrets.fingerprint(encryptionKey.getEncoded(), token.getTokenValue());
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static String millis(@Nullable Instant instant) {
		return (instant != null) ? String.valueOf(instant.toEpochMilli()) : "";
	}

	private static @Nullable Instant instant(String millis) {
		return millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
	}

	@Override
	public String toString() {
		return "RedisErpNetTokenStore[keyPrefix=" + this.keyPrefix + "]";
	}

}
