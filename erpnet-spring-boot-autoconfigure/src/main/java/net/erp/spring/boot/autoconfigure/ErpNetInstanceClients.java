package net.erp.spring.boot.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import net.erp.spring.client.ErpNetAccessTokenResponseClient;
import net.erp.spring.client.ErpNetAuthorizedClientManager;
import net.erp.spring.client.ErpNetClientHttpRequestInterceptor;
import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConcurrencyLimiter;
import net.erp.spring.client.ErpNetExchangeFilterFunction;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;
import net.erp.spring.client.ErpNetRetryPolicy;
import net.erp.spring.client.ErpNetTokenService;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.SharedErpNetTokenStore;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The clients of one instance other than the default one, each part its own: token
 * service (token, single flight, cooldown), concurrency limiter, retry policy, and the
 * filter and interceptor that guard its origin. Only the token store, which keys tokens
 * by token URI, client id and scopes, and the HTTP client underneath are shared. The
 * clients are built on first use. The static methods build the same parts for the
 * default instance's beans.
 */
final class ErpNetInstanceClients implements ErpNetClients.Instance {

	private static final Duration PERMIT_LEASE_MARGIN = Duration.ofSeconds(5);

	private final String name;

	private final ErpNetInstance instance;

	private final ErpNetTokenService tokenService;

	private final ReactiveOAuth2AuthorizedClientManager reactiveManager;

	private final OAuth2AuthorizedClientManager manager;

	private final Runnable onClose;

	private final ErpNetHttpClients httpClients;

	private final ErpNetProperties.DomainApi domainApiSettings;

	private final ExchangeFilterFunction exchangeFilterFunction;

	private final ClientHttpRequestInterceptor interceptor;

	private volatile long lastUsed = System.nanoTime();

	private final Supplier<WebClient> webClient;

	private final Supplier<RestClient> restClient;

	private final Supplier<ErpNetDomainApi> domainApi;

	private final Supplier<ReactiveErpNetDomainApi> reactiveDomainApi;

	ErpNetInstanceClients(String name, ErpNetInstance instance, ErpNetProperties settings,
			ErpNetHttpClients httpClients, ErpNetTokenStore tokenStore, Clock clock, ErpNetClientListener listener,
			Runnable onClose) {
		this.name = name;
		this.instance = instance;
		this.onClose = onClose;
		this.tokenService = tokenService(settings, instance, httpClients, tokenStore, clock, listener);
		this.reactiveManager = new ErpNetReactiveAuthorizedClientManager(instance.clientRegistration(),
				this.tokenService);
		this.manager = new ErpNetAuthorizedClientManager(this.reactiveManager);
		ErpNetRetryPolicy retryPolicy = retryPolicy(settings, clock, listener);
		ErpNetConcurrencyLimiter limiter = concurrencyLimiter(settings, listener, instance, tokenStore);
		this.httpClients = httpClients;
		this.domainApiSettings = settings.getDomainApi();
		this.exchangeFilterFunction = new ErpNetExchangeFilterFunction(this.reactiveManager,
				instance.registrationId(), instance.url(), retryPolicy, limiter);
		this.interceptor = new ErpNetClientHttpRequestInterceptor(this.manager, instance.registrationId(),
				instance.url(), retryPolicy, limiter);
		this.webClient = SingletonSupplier.of(() -> webClient(httpClients.webClientBuilder()).build());
		this.restClient = SingletonSupplier.of(() -> restClient(httpClients.restClientBuilder()).build());
		int pageSize = this.domainApiSettings.getPageSize();
		this.domainApi = SingletonSupplier
			.of(() -> new ErpNetDomainApi(restClient(), instance.domainApiUrl(), pageSize));
		this.reactiveDomainApi = SingletonSupplier
			.of(() -> new ReactiveErpNetDomainApi(webClient(), instance.domainApiUrl(), pageSize));
	}

	static ErpNetTokenService tokenService(ErpNetProperties settings, ErpNetInstance instance,
			ErpNetHttpClients httpClients, ErpNetTokenStore tokenStore, Clock clock, ErpNetClientListener listener) {
		ErpNetProperties.TokenRequest tokenRequest = settings.getTokenRequest();
		WebClient webClient = httpClients.tokenClient(tokenRequest.getConnectTimeout(),
				tokenRequest.getResponseTimeout());
		ErpNetAccessTokenResponseClient tokenResponseClient = new ErpNetAccessTokenResponseClient(webClient);
		tokenResponseClient.setMaxAttempts(tokenRequest.getMaxAttempts());
		tokenResponseClient.setBackoff(tokenRequest.getBackoff());
		ErpNetTokenService tokenService = new ErpNetTokenService(instance.clientRegistration(), tokenResponseClient,
				tokenStore, clock);
		tokenService.setTokenRefreshSkew(settings.getTokenRefreshSkew());
		tokenService.setErrorCooldown(tokenRequest.getErrorCooldown());
		tokenService.setListener(listener);
		return tokenService;
	}

	static ErpNetConcurrencyLimiter concurrencyLimiter(ErpNetProperties settings, ErpNetClientListener listener,
			ErpNetInstance instance, ErpNetTokenStore tokenStore) {
		ErpNetProperties.DomainApi domainApi = settings.getDomainApi();
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(domainApi.getMaxConcurrentRequests(),
				domainApi.getMaxQueuedRequests());
		limiter.setMaxRequestsPerMinute(domainApi.getMaxRequestsPerMinute());
		limiter.setListener(listener);
		if (tokenStore instanceof SharedErpNetTokenStore shared) {
			// A lease outlasts the longest response, so that it ends only with its replica
			limiter.setSharedLimits(shared.limits(ErpNetTokenService.storeKey(instance.clientRegistration())),
					domainApi.getResponseTimeout().plus(PERMIT_LEASE_MARGIN));
		}
		return limiter;
	}

	static ErpNetRetryPolicy retryPolicy(ErpNetProperties settings, Clock clock, ErpNetClientListener listener) {
		ErpNetProperties.Retry retry = settings.getDomainApi().getRetry();
		ErpNetRetryPolicy policy = new ErpNetRetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(),
				retry.getMaxBackoff(), retry.getTimeLimit(), clock);
		policy.setListener(listener);
		return policy;
	}

	/**
	 * Make the given builder, such as an HTTP service group's, call this instance's Domain
	 * API the way its {@code WebClient} does.
	 */
	WebClient.Builder webClient(WebClient.Builder builder) {
		return this.httpClients
			.domainApi(builder, this.domainApiSettings.getConnectTimeout(), this.domainApiSettings.getResponseTimeout())
			.baseUrl(this.instance.domainApiUrl().toString())
			.filter((request, next) -> {
				used();
				return next.exchange(request).doFinally((signal) -> used());
			})
			.filter(this.exchangeFilterFunction);
	}

	/**
	 * Make the given builder, such as an HTTP service group's, call this instance's Domain
	 * API the way its {@code RestClient} does.
	 */
	RestClient.Builder restClient(RestClient.Builder builder) {
		return this.httpClients
			.domainApi(builder, this.domainApiSettings.getConnectTimeout(), this.domainApiSettings.getResponseTimeout())
			.baseUrl(this.instance.domainApiUrl())
			.requestInterceptor((request, body, execution) -> {
				used();
				try {
					return execution.execute(request, body);
				}
				finally {
					used();
				}
			})
			.requestInterceptor(this.interceptor);
	}

	/**
	 * Mark the instance as used now, so that it is not evicted as idle.
	 */
	void used() {
		this.lastUsed = System.nanoTime();
	}

	/**
	 * Whether no request has gone through this instance's clients, nor ended, for the
	 * given time.
	 */
	boolean isIdle(Duration idleTimeout) {
		return System.nanoTime() - this.lastUsed >= idleTimeout.toNanos();
	}

	/**
	 * Drop the token and make every client of this instance fail from now on.
	 * @return completes when the token is dropped
	 */
	Mono<Void> close() {
		return this.tokenService.close().doFinally((signal) -> this.onClose.run());
	}

	ErpNetInstance instance() {
		return this.instance;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public URI instanceUrl() {
		return this.instance.url();
	}

	@Override
	public String clientId() {
		return this.instance.clientRegistration().getClientId();
	}

	@Override
	public WebClient webClient() {
		return this.webClient.get();
	}

	@Override
	public RestClient restClient() {
		return this.restClient.get();
	}

	@Override
	public ErpNetDomainApi domainApi() {
		return this.domainApi.get();
	}

	@Override
	public ReactiveErpNetDomainApi reactiveDomainApi() {
		return this.reactiveDomainApi.get();
	}

	@Override
	public OAuth2AuthorizedClientManager authorizedClientManager() {
		return this.manager;
	}

	@Override
	public ReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager() {
		return this.reactiveManager;
	}

	@Override
	public String toString() {
		return "ErpNetClients.Instance[name=" + this.name + ", " + this.instance + "]";
	}

}
