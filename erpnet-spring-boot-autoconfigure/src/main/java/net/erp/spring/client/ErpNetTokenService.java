package net.erp.spring.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.util.Assert;

/**
 * The access token of one ERP.net trusted application, for every client, manager and
 * health check of its instance. Made of parts that each do one thing:
 * <ol>
 * <li>the {@link ErpNetTokenStore}, which holds the current token;</li>
 * <li>the renewal policy, which decides when a token is due for renewal: the refresh skew
 * before it expires, no earlier than half its lifetime;</li>
 * <li>the error cooldown: for a while after the token endpoint rejected the client,
 * every request for a token fails at once with the same error;</li>
 * <li>the single flight: concurrent callers share one token request, since every ERP.net
 * token opens a server session and takes a licence slot;</li>
 * <li>the token client, Spring Security's
 * {@link ReactiveOAuth2AccessTokenResponseClient} for the client credentials grant,
 * typically an {@link ErpNetAccessTokenResponseClient}.</li>
 * </ol>
 * Every failure to obtain a token is an {@link ErpNetAuthenticationException}.
 */
public final class ErpNetTokenService {

	private static final Log logger = LogFactory.getLog(ErpNetTokenService.class);

	private final ClientRegistration clientRegistration;

	private final ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenResponseClient;

	private final ErpNetTokenStore store;

	private final String storeKey;

	private final Clock clock;

	private final SingleFlight<OAuth2AccessToken> singleFlight = new SingleFlight<>();

	private TokenRenewalPolicy renewalPolicy;

	private ErrorCooldown cooldown;

	private ErpNetClientListener listener = ErpNetClientListener.NONE;

	private volatile boolean closed;

	/**
	 * Create a new instance.
	 * @param clientRegistration the client credentials registration of the trusted
	 * application
	 * @param tokenResponseClient the client that asks the token endpoint
	 * @param store where the token is kept
	 * @param clock the clock that dates tokens and decides when they are renewed
	 */
	public ErpNetTokenService(ClientRegistration clientRegistration,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenResponseClient,
			ErpNetTokenStore store, Clock clock) {
		Assert.notNull(clientRegistration, "clientRegistration cannot be null");
		Assert.isTrue(AuthorizationGrantType.CLIENT_CREDENTIALS.equals(clientRegistration.getAuthorizationGrantType()),
				"clientRegistration must use the client_credentials grant");
		Assert.notNull(tokenResponseClient, "tokenResponseClient cannot be null");
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.clientRegistration = clientRegistration;
		this.tokenResponseClient = tokenResponseClient;
		this.store = store;
		this.storeKey = storeKey(clientRegistration);
		String secret = clientRegistration.getClientSecret();
		if (secret != null && !secret.isEmpty()) {
			store.useEncryptionKey(this.storeKey,
					new SecretKeySpec(ErpNetClientSecrets.hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
							"erpnet token encryption " + this.storeKey), "AES"));
		}
		this.clock = clock;
		this.renewalPolicy = new TokenRenewalPolicy(Duration.ofSeconds(60), clock);
		this.cooldown = new ErrorCooldown(Duration.ofSeconds(10), clock);
	}

	/**
	 * The key under which the token of a registration is stored: its token URI, client id
	 * and scopes, and a fingerprint of its secret (an HMAC keyed with the secret), never
	 * the secret. Only a registration with the same secret finds the token: one that
	 * copies another's token URI and client id with some other secret must ask Instance
	 * ID, which rejects it, and never gets the other's token.
	 * @param clientRegistration the registration
	 * @return the key
	 */
	public static String storeKey(ClientRegistration clientRegistration) {
		// Spring Security 7.0 leaves the scopes null when none are set
		Set<String> scopes = clientRegistration.getScopes();
		String application = clientRegistration.getProviderDetails().getTokenUri() + " "
				+ clientRegistration.getClientId() + " "
				+ ((scopes != null) ? String.join(",", new TreeSet<>(scopes)) : "");
		String secret = clientRegistration.getClientSecret();
		return (secret != null && !secret.isEmpty()) ? application + " " + secretFingerprint(secret, application)
				: application;
	}

	// Keyed with the secret: who does not know the secret cannot compute it
	private static String secretFingerprint(String secret, String application) {
		return ErpNetClientSecrets.fingerprint(secret.getBytes(StandardCharsets.UTF_8), application);
	}

	/**
	 * Set how long before its expiry a token is renewed; no earlier than half its
	 * lifetime. Defaults to 60 seconds.
	 * @param tokenRefreshSkew the skew
	 */
	public void setTokenRefreshSkew(Duration tokenRefreshSkew) {
		Assert.isTrue(tokenRefreshSkew != null && !tokenRefreshSkew.isNegative(),
				"tokenRefreshSkew must not be negative");
		this.renewalPolicy = new TokenRenewalPolicy(tokenRefreshSkew, this.clock);
	}

	/**
	 * Set how long, after the token endpoint rejected the client with an OAuth2 error,
	 * every request for a token fails at once with the same error instead of asking
	 * again: bad credentials must not hammer Instance ID. Defaults to 10 seconds.
	 * @param errorCooldown the period, {@link Duration#ZERO} to always ask
	 */
	public void setErrorCooldown(Duration errorCooldown) {
		Assert.isTrue(errorCooldown != null && !errorCooldown.isNegative(), "errorCooldown must not be negative");
		this.cooldown = new ErrorCooldown(errorCooldown, this.clock);
	}

	/**
	 * Set the listener that hears of token requests and reuse. Defaults to
	 * {@link ErpNetClientListener#NONE}.
	 * @param listener the listener
	 */
	public void setListener(ErpNetClientListener listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listener = listener;
	}

	/**
	 * Return the current token if it can be used as it is, without asking the token
	 * endpoint, else {@code null}: the common case, answered without a {@link Mono} for
	 * callers on every request.
	 * @return the token or {@code null}
	 */
	public @Nullable OAuth2AccessToken reusableToken() {
		if (this.closed || this.cooldown.inEffect()) {
			return null;
		}
		OAuth2AccessToken token = this.store.get(this.storeKey);
		if (token == null || this.renewalPolicy.isRenewalDue(token)) {
			return null;
		}
		reused(token);
		return token;
	}

	/**
	 * Return a token that can be used: the current one, or a new one when there is none
	 * or it is due for renewal.
	 * @return the token; fails with an {@link ErpNetAuthenticationException} if none can
	 * be obtained
	 */
	public Mono<OAuth2AccessToken> token() {
		return Mono.defer(() -> {
			OAuth2AccessToken reusable = reusableToken();
			if (reusable != null) {
				return Mono.just(reusable);
			}
			if (this.closed) {
				return Mono.error(new IllegalStateException("The ERP.net client '"
						+ this.clientRegistration.getRegistrationId()
						+ "' is closed: its instance was removed, or evicted after being idle"));
			}
			ErpNetAuthenticationException rejection = this.cooldown.rejection(this.clientRegistration.getClientId());
			return (rejection != null) ? Mono.error(rejection) : this.singleFlight.join(this::obtain);
		});
	}

	/**
	 * Return a token other than one the server rejected: the rejected one is removed from
	 * the store if it is still the current one, and a new one obtained if needed.
	 * @param rejected the token the server rejected with HTTP 401
	 * @return a different token
	 */
	public Mono<OAuth2AccessToken> tokenReplacing(OAuth2AccessToken rejected) {
		Assert.notNull(rejected, "rejected cannot be null");
		// A store that completes without saying counts as not removed
		return this.store.removeIfCurrent(this.storeKey, rejected).defaultIfEmpty(false).flatMap((removed) -> {
			if (removed) {
				logger.debug("Dropped the cached ERP.net access token after the server rejected it");
			}
			// A shared token request that started before the removal may still hand out
			// the rejected token; the one after it cannot.
			return token().flatMap((token) -> isSame(token, rejected) ? token() : Mono.just(token));
		});
	}

	/**
	 * Drop the current token and refuse every token from now on, for an instance that
	 * is removed.
	 * @return completes when the token is dropped from the store
	 */
	public Mono<Void> close() {
		this.closed = true;
		return this.store.release(this.storeKey);
	}

	private Mono<OAuth2AccessToken> obtain() {
		OAuth2AccessToken previous = this.store.get(this.storeKey);
		// Another replica sharing the store, or a flight that just ended, may have one
		return this.store.load(this.storeKey)
			.filter((stored) -> !this.renewalPolicy.isRenewalDue(stored))
			.doOnNext(this::reused)
			.switchIfEmpty(Mono.defer(() -> this.store.obtain(this.storeKey, request(previous))));
	}

	private Mono<OAuth2AccessToken> request(@Nullable OAuth2AccessToken previous) {
		long start = System.nanoTime();
		OAuth2ClientCredentialsGrantRequest grantRequest = new OAuth2ClientCredentialsGrantRequest(
				this.clientRegistration);
		return this.tokenResponseClient.getTokenResponse(grantRequest)
			.map((response) -> dated(response.getAccessToken()))
			.onErrorMap(this::toAuthenticationException)
			.flatMap((token) -> this.store.save(this.storeKey, token).thenReturn(token))
			.doOnNext((token) -> requested(previous, token, start))
			.doOnError((ex) -> {
				if (ex instanceof ErpNetAuthenticationException authenticationException) {
					this.listener.tokenRequested(authenticationException.getErrorCode(), since(start));
				}
				this.cooldown.remember(ex);
			});
	}

	// Spring Security dates the token by the system clock; renewal goes by this one
	private OAuth2AccessToken dated(OAuth2AccessToken token) {
		if (token.getIssuedAt() == null || token.getExpiresAt() == null) {
			return token;
		}
		Instant issuedAt = this.clock.instant();
		Duration lifetime = Duration.between(token.getIssuedAt(), token.getExpiresAt());
		return new OAuth2AccessToken(token.getTokenType(), token.getTokenValue(), issuedAt, issuedAt.plus(lifetime),
				token.getScopes());
	}

	private void requested(@Nullable OAuth2AccessToken previous, OAuth2AccessToken token, long start) {
		this.listener.tokenRequested("success", since(start));
		if (previous != null && logger.isDebugEnabled()) {
			logger.debug("Renewed the ERP.net access token that expires at " + previous.getExpiresAt()
					+ "; the new one expires at " + token.getExpiresAt());
		}
	}

	private void reused(OAuth2AccessToken token) {
		this.listener.tokenReused();
		if (logger.isDebugEnabled()) {
			logger.debug("Reusing the cached ERP.net access token; it expires at " + token.getExpiresAt());
		}
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private Throwable toAuthenticationException(Throwable ex) {
		// Spring Security's token clients and providers wrap what they caught
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ErpNetAuthenticationException authenticationException) {
				return authenticationException;
			}
		}
		if (ex instanceof OAuth2AuthorizationException oauth2Exception) {
			return new ErpNetAuthenticationException(oauth2Exception.getError(), this.clientRegistration.getClientId(),
					ex);
		}
		if (ErpNetAccessTokenResponseClient.isUnreachable(ex)) {
			OAuth2Error error = new OAuth2Error(ErpNetAuthenticationException.TOKEN_ENDPOINT_UNREACHABLE,
					"Could not reach " + this.clientRegistration.getProviderDetails().getTokenUri() + ": "
							+ ex.getMessage(),
					null);
			return new ErpNetAuthenticationException(error, this.clientRegistration.getClientId(), ex);
		}
		return ex;
	}

	private static boolean isSame(OAuth2AccessToken token, OAuth2AccessToken other) {
		return token.getTokenValue().equals(other.getTokenValue());
	}

	@Override
	public String toString() {
		return "ErpNetTokenService[clientId=" + this.clientRegistration.getClientId() + ", tokenUri="
				+ this.clientRegistration.getProviderDetails().getTokenUri() + ", store=" + this.store + "]";
	}

}
