package net.erp.spring.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientId;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveOAuth2AuthorizedClientManager} for the client credentials registration
 * of one ERP.net instance, usable outside any web request.
 * <p>
 * It delegates to Spring Security's
 * {@link AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager} and adds what that
 * lacks:
 * <ul>
 * <li><b>Single flight.</b> Concurrent callers share one authorization: while one is under
 * way, everyone else waits for its result instead of sending another token request. Every
 * ERP.net token opens a server session and takes a licence slot.</li>
 * <li><b>Dropping a rejected token.</b> A request carrying
 * {@link #REJECTED_ACCESS_TOKEN_ATTRIBUTE} removes that token from the cache (unless it
 * has already been replaced) and returns a different one.</li>
 * <li><b>Clear errors.</b> Every failure to obtain a token becomes an
 * {@link ErpNetAuthenticationException}.</li>
 * </ul>
 */
public final class ErpNetReactiveAuthorizedClientManager implements ReactiveOAuth2AuthorizedClientManager {

	/**
	 * Name of the {@link OAuth2AuthorizeRequest} attribute that holds an
	 * {@link OAuth2AccessToken} the resource server rejected with HTTP 401.
	 */
	static final String REJECTED_ACCESS_TOKEN_ATTRIBUTE = ErpNetReactiveAuthorizedClientManager.class
		.getName() + ".REJECTED_ACCESS_TOKEN";

	private static final Duration DEFAULT_TOKEN_REFRESH_SKEW = Duration.ofSeconds(60);

	private static final Duration DEFAULT_ERROR_COOLDOWN = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(ErpNetReactiveAuthorizedClientManager.class);

	private final ClientRegistration clientRegistration;

	private final AuthorizedClients authorizedClients = new AuthorizedClients();

	private final AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager delegate;

	private final Map<OAuth2AuthorizedClientId, CompletableFuture<@Nullable OAuth2AuthorizedClient>> inFlight = new ConcurrentHashMap<>();

	private final ClientCredentialsReactiveOAuth2AuthorizedClientProvider tokenProvider = new ClientCredentialsReactiveOAuth2AuthorizedClientProvider();

	private Duration tokenRefreshSkew = DEFAULT_TOKEN_REFRESH_SKEW;

	private Duration errorCooldown = DEFAULT_ERROR_COOLDOWN;

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable Rejection rejection;

	private TokenRenewalProvider renewalProvider;

	private ErpNetClientListener listener = ErpNetClientListener.NONE;

	/**
	 * Create a new instance.
	 * @param clientRegistration the client credentials registration of the ERP.net
	 * instance
	 * @param tokenResponseClient the client that asks the token endpoint, typically an
	 * {@link ErpNetAccessTokenResponseClient}
	 */
	public ErpNetReactiveAuthorizedClientManager(ClientRegistration clientRegistration,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenResponseClient) {
		Assert.notNull(clientRegistration, "clientRegistration cannot be null");
		Assert.notNull(tokenResponseClient, "tokenResponseClient cannot be null");
		this.clientRegistration = clientRegistration;
		this.tokenProvider.setAccessTokenResponseClient(tokenResponseClient);
		this.delegate = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				new InMemoryReactiveClientRegistrationRepository(clientRegistration), this.authorizedClients);
		updateProvider();
	}

	/**
	 * Set how long before its expiry a token is renewed; no earlier than half its
	 * lifetime. Defaults to 60 seconds.
	 * @param tokenRefreshSkew the skew
	 */
	public void setTokenRefreshSkew(Duration tokenRefreshSkew) {
		Assert.isTrue(tokenRefreshSkew != null && !tokenRefreshSkew.isNegative(),
				"tokenRefreshSkew must not be negative");
		this.tokenRefreshSkew = tokenRefreshSkew;
		updateProvider();
	}

	/**
	 * Set how long, after the token endpoint rejected the client with an OAuth2 error,
	 * every authorization fails at once with the same error instead of asking again: bad
	 * credentials must not hammer Instance ID. Defaults to 10 seconds.
	 * @param errorCooldown the period, {@link Duration#ZERO} to always ask
	 */
	public void setErrorCooldown(Duration errorCooldown) {
		Assert.isTrue(errorCooldown != null && !errorCooldown.isNegative(), "errorCooldown must not be negative");
		this.errorCooldown = errorCooldown;
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
	 * Set the clock that decides when tokens are renewed. Defaults to
	 * {@link Clock#systemUTC()}.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.tokenProvider.setClock(clock);
		updateProvider();
	}

	private void updateProvider() {
		this.renewalProvider = new TokenRenewalProvider(this.tokenProvider, this.tokenRefreshSkew, this.clock);
		this.delegate.setAuthorizedClientProvider(this.renewalProvider);
	}

	/**
	 * The request that asks for the token of a client credentials registration: the
	 * client is its own principal, named after the registration.
	 * @param clientRegistrationId the registration, for example {@code erpnet}
	 * @return the request
	 */
	public static OAuth2AuthorizeRequest authorizeRequest(String clientRegistrationId) {
		return OAuth2AuthorizeRequest.withClientRegistrationId(clientRegistrationId)
			.principal(clientRegistrationId)
			.build();
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest authorizeRequest) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		OAuth2AccessToken rejected = authorizeRequest.getAttribute(REJECTED_ACCESS_TOKEN_ATTRIBUTE);
		if (rejected == null) {
			return authorizeOnce(authorizeRequest);
		}
		return Mono.defer(() -> {
			if (this.authorizedClients.removeIfCurrent(id(authorizeRequest), rejected)) {
				logger.debug("Dropped the cached ERP.net access token after the server rejected it");
			}
			// A shared authorization that started before the removal may still hand out the
			// rejected token; the one after it cannot.
			return authorizeOnce(authorizeRequest)
				.flatMap((client) -> isSameToken(client, rejected) ? authorizeOnce(authorizeRequest) : Mono.just(client));
		});
	}

	private Mono<OAuth2AuthorizedClient> authorizeOnce(OAuth2AuthorizeRequest authorizeRequest) {
		return Mono.defer(() -> {
			// Never reusable while a rejection is in effect
			OAuth2AuthorizedClient reusable = reusableClient(authorizeRequest);
			if (reusable != null) {
				return Mono.just(reusable);
			}
			Rejection rejection = rejectionInEffect();
			if (rejection != null) {
				// A new exception each time: callers add suppressed exceptions to what they get
				return Mono.error(new ErpNetAuthenticationException(rejection.error(),
						this.clientRegistration.getClientId(), rejection.hint(), null));
			}
			OAuth2AuthorizedClientId id = id(authorizeRequest);
			CompletableFuture<@Nullable OAuth2AuthorizedClient> started = new CompletableFuture<>();
			CompletableFuture<@Nullable OAuth2AuthorizedClient> shared = this.inFlight.putIfAbsent(id, started);
			if (shared == null) {
				start(id, started, authorizeRequest);
				shared = started;
			}
			// Cancelling one caller must not cancel the authorization the others wait for
			return Mono.fromFuture(shared, true);
		});
	}

	/**
	 * The cached authorized client if it can be used as it is, without asking the token
	 * endpoint, else {@code null}: the common case, answered without a {@link Mono} for
	 * callers on every request.
	 * @param authorizeRequest the request
	 * @return the cached client or {@code null}
	 */
	@Nullable OAuth2AuthorizedClient reusableClient(OAuth2AuthorizeRequest authorizeRequest) {
		if (authorizeRequest.getAuthorizedClient() != null || rejectionInEffect() != null) {
			return null;
		}
		OAuth2AuthorizedClient cached = this.authorizedClients.current(id(authorizeRequest));
		if (cached == null || this.renewalProvider.isRenewalDue(cached.getAccessToken())) {
			return null;
		}
		reused(cached.getAccessToken());
		return cached;
	}

	/**
	 * The token cached by the given manager if it is an
	 * {@code ErpNetReactiveAuthorizedClientManager} and the token can be used as it is,
	 * else {@code null}: callers on every request take it without a reactive
	 * authorization. A request that reports a rejected token always gets {@code null}.
	 * @param manager the manager
	 * @param authorizeRequest the request
	 * @return the cached client or {@code null}
	 */
	static @Nullable OAuth2AuthorizedClient reusableClient(ReactiveOAuth2AuthorizedClientManager manager,
			OAuth2AuthorizeRequest authorizeRequest) {
		return (manager instanceof ErpNetReactiveAuthorizedClientManager erpNet
				&& authorizeRequest.getAttribute(REJECTED_ACCESS_TOKEN_ATTRIBUTE) == null)
						? erpNet.reusableClient(authorizeRequest) : null;
	}

	private @Nullable Rejection rejectionInEffect() {
		Rejection rejection = this.rejection;
		return (rejection != null && this.clock.instant().isBefore(rejection.until())) ? rejection : null;
	}

	private void start(OAuth2AuthorizedClientId id, CompletableFuture<@Nullable OAuth2AuthorizedClient> result,
			OAuth2AuthorizeRequest authorizeRequest) {
		OAuth2AuthorizedClient cached = this.authorizedClients.current(id);
		long start = System.nanoTime();
		// The entry leaves the map before the result is published, so that a caller woken
		// by the result never joins this finished authorization again. The callers that
		// waited go on in the thread that publishes it: not the event loop that received
		// the token response, or every connection they open is bound to that one loop.
		Mono.defer(() -> this.delegate.authorize(authorizeRequest))
			.onErrorMap(this::toAuthenticationException)
			.publishOn(Schedulers.parallel())
			.subscribe((client) -> {
				report(cached, client, start);
				this.inFlight.remove(id, result);
				result.complete(client);
			}, (ex) -> {
				if (ex instanceof ErpNetAuthenticationException authenticationException) {
					this.listener.tokenRequested(authenticationException.getErrorCode(), since(start));
				}
				rememberRejection(ex);
				this.inFlight.remove(id, result);
				result.completeExceptionally(ex);
			}, () -> {
				this.inFlight.remove(id, result);
				result.complete(null);
			});
	}

	private void report(@Nullable OAuth2AuthorizedClient cached, OAuth2AuthorizedClient client, long start) {
		OAuth2AccessToken token = client.getAccessToken();
		if (cached != null && isSameToken(cached, token)) {
			reused(token);
			return;
		}
		this.listener.tokenRequested("success", since(start));
		if (cached != null && logger.isDebugEnabled()) {
			logger.debug("Renewed the ERP.net access token that expires at " + cached.getAccessToken().getExpiresAt()
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

	private void rememberRejection(Throwable ex) {
		if (ex instanceof ErpNetAuthenticationException authenticationException
				&& authenticationException.isRejection() && !this.errorCooldown.isZero()) {
			this.rejection = new Rejection(authenticationException.getError(), authenticationException.getHint(),
					this.clock.instant().plus(this.errorCooldown));
		}
	}

	private Throwable toAuthenticationException(Throwable ex) {
		// Spring Security's provider wraps what the token client threw
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

	private static OAuth2AuthorizedClientId id(OAuth2AuthorizeRequest authorizeRequest) {
		return new OAuth2AuthorizedClientId(authorizeRequest.getClientRegistrationId(),
				authorizeRequest.getPrincipal().getName());
	}

	private static boolean isSameToken(OAuth2AuthorizedClient client, OAuth2AccessToken token) {
		return client.getAccessToken().getTokenValue().equals(token.getTokenValue());
	}

	@Override
	public String toString() {
		return "ErpNetReactiveAuthorizedClientManager[clientId=" + this.clientRegistration.getClientId()
				+ ", tokenUri=" + this.clientRegistration.getProviderDetails().getTokenUri() + "]";
	}

	/**
	 * The OAuth2 error with which the token endpoint last rejected the client, its hint,
	 * and until when it is not asked again.
	 */
	private record Rejection(OAuth2Error error, String hint, Instant until) {

	}

	/**
	 * The token cache: an in-memory {@link ReactiveOAuth2AuthorizedClientService} that can
	 * remove a token only while it is still the current one.
	 */
	private static final class AuthorizedClients implements ReactiveOAuth2AuthorizedClientService {

		private final Map<OAuth2AuthorizedClientId, OAuth2AuthorizedClient> clients = new ConcurrentHashMap<>();

		@Override
		@SuppressWarnings("unchecked")
		public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
				String principalName) {
			return Mono.justOrEmpty((T) this.clients.get(new OAuth2AuthorizedClientId(clientRegistrationId, principalName)));
		}

		@Override
		public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
			return Mono.fromRunnable(() -> this.clients.put(new OAuth2AuthorizedClientId(
					authorizedClient.getClientRegistration().getRegistrationId(), principal.getName()),
					authorizedClient));
		}

		@Override
		public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
			return Mono.fromRunnable(
					() -> this.clients.remove(new OAuth2AuthorizedClientId(clientRegistrationId, principalName)));
		}

		@Nullable OAuth2AuthorizedClient current(OAuth2AuthorizedClientId id) {
			return this.clients.get(id);
		}

		boolean removeIfCurrent(OAuth2AuthorizedClientId id, OAuth2AccessToken token) {
			OAuth2AuthorizedClient current = this.clients.get(id);
			return current != null && isSameToken(current, token) && this.clients.remove(id, current);
		}

	}

}
