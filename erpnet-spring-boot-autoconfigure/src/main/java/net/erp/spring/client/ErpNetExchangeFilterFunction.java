package net.erp.spring.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * An {@link ExchangeFilterFunction} for requests to an ERP.net instance: it puts the
 * access token on them and, when the instance answers 401, renews the token and sends the
 * request once more. Each sending goes through two filters of its own, in this order:
 * <ol>
 * <li>{@link RetryFilterFunction}: repeats an attempt as the {@link ErpNetRetryPolicy}
 * decides, waiting on a timer rather than a thread;</li>
 * <li>{@link ConcurrencyLimitFilterFunction}: each attempt waits for its turn in the
 * {@link ErpNetConcurrencyLimiter} and holds it until its response body is read.</li>
 * </ol>
 * The {@code RestClient}'s {@link ErpNetClientHttpRequestInterceptor} is made the same
 * way.
 * <p>
 * Requests to any other origin (scheme, host and port) pass through untouched, without
 * the token, and are neither limited nor retried.
 */
public final class ErpNetExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(ErpNetExchangeFilterFunction.class);

	private final ReactiveOAuth2AuthorizedClientManager authorizedClientManager;

	private final InstanceAuthorization authorization;

	private final ExchangeFilterFunction retryAndLimit;

	private final Mono<OAuth2AuthorizedClient> noAuthorizedClient;

	/**
	 * Create a new instance.
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param clientRegistrationId the id of the instance's client registration
	 * @param instanceUrl the URL of the instance; only requests to its origin get a token
	 * @param retryPolicy decides which failed attempts are repeated
	 * @param concurrencyLimiter limits the requests under way to the instance
	 */
	public ErpNetExchangeFilterFunction(ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			String clientRegistrationId, URI instanceUrl, ErpNetRetryPolicy retryPolicy,
			ErpNetConcurrencyLimiter concurrencyLimiter) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		Assert.notNull(retryPolicy, "retryPolicy cannot be null");
		Assert.notNull(concurrencyLimiter, "concurrencyLimiter cannot be null");
		this.authorizedClientManager = authorizedClientManager;
		this.authorization = new InstanceAuthorization(clientRegistrationId, instanceUrl);
		this.retryAndLimit = new RetryFilterFunction(retryPolicy)
			.andThen(new ConcurrencyLimitFilterFunction(concurrencyLimiter));
		this.noAuthorizedClient = Mono.error(() -> new IllegalStateException("No access token for client registration '"
				+ clientRegistrationId + "': it must use the client_credentials grant"));
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!this.authorization.appliesTo(request.url())) {
			return next.exchange(request);
		}
		return Mono.defer(() -> {
			// Most calls find a valid cached token: they take it without the operators of a
			// reactive authorization, which run on every call
			OAuth2AuthorizedClient reusable = ErpNetReactiveAuthorizedClientManager
				.reusableClient(this.authorizedClientManager, this.authorization.authorizeRequest());
			if (reusable != null) {
				return sendRenewingOnce(request, next, reusable.getAccessToken());
			}
			return authorize(this.authorization.authorizeRequest())
				.flatMap((client) -> sendRenewingOnce(request, next, client.getAccessToken()));
		});
	}

	private Mono<ClientResponse> sendRenewingOnce(ClientRequest request, ExchangeFunction next,
			OAuth2AccessToken token) {
		return send(request, next, token).flatMap((response) -> {
			if (response.statusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
				return Mono.just(response);
			}
			logger.debug("ERP.net answered 401; renewing the access token and sending the request once more");
			return response.releaseBody()
				.then(authorize(this.authorization.authorizeRequestReplacing(token)))
				.flatMap((client) -> send(request, next, client.getAccessToken()));
		});
	}

	// Through the retry and limit filters without composing them into a function per call
	private Mono<ClientResponse> send(ClientRequest request, ExchangeFunction next, OAuth2AccessToken token) {
		// The token goes on the HTTP library's request only, never into the ClientRequest,
		// whose headers are logged with spring.http.codecs.log-request-details, and are
		// kept by WebClientResponseException.getRequest().
		return this.retryAndLimit.filter(new BearerRequest(request, this.authorization, token), next);
	}

	private Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest authorizeRequest) {
		return this.authorizedClientManager.authorize(authorizeRequest).switchIfEmpty(this.noAuthorizedClient);
	}

	@Override
	public String toString() {
		return "ErpNetExchangeFilterFunction[" + this.authorization + "]";
	}

	/**
	 * The caller's request, with the token put on the HTTP library's request when it is
	 * written, if that still goes to the instance's origin. Cheaper than
	 * {@link ClientRequest#from}, which copies the headers, cookies and attributes on
	 * every call.
	 */
	private static final class BearerRequest implements ClientRequest {

		private final ClientRequest request;

		private final InstanceAuthorization authorization;

		private final String bearerHeader;

		BearerRequest(ClientRequest request, InstanceAuthorization authorization, OAuth2AccessToken token) {
			this.request = request;
			this.authorization = authorization;
			this.bearerHeader = authorization.bearerHeader(token);
		}

		@Override
		public HttpMethod method() {
			return this.request.method();
		}

		@Override
		public URI url() {
			return this.request.url();
		}

		@Override
		public HttpHeaders headers() {
			return this.request.headers();
		}

		@Override
		public MultiValueMap<String, String> cookies() {
			return this.request.cookies();
		}

		@Override
		public BodyInserter<?, ? super ClientHttpRequest> body() {
			return this.request.body();
		}

		@Override
		public Optional<Object> attribute(String name) {
			return this.request.attribute(name);
		}

		@Override
		public Map<String, Object> attributes() {
			return this.request.attributes();
		}

		// A filter after this one that copies the request with ClientRequest.from keeps
		// the token through this consumer
		@Override
		public Consumer<ClientHttpRequest> httpRequest() {
			Consumer<ClientHttpRequest> httpRequest = this.request.httpRequest();
			Consumer<ClientHttpRequest> bearer = this::authorize;
			return (httpRequest != null) ? httpRequest.andThen(bearer) : bearer;
		}

		@Override
		public String logPrefix() {
			return this.request.logPrefix();
		}

		// Before the caller's headers, which are only put where absent: a caller's own
		// Authorization header does not replace the token
		@Override
		public Mono<Void> writeTo(ClientHttpRequest httpRequest, ExchangeStrategies strategies) {
			authorize(httpRequest);
			return this.request.writeTo(httpRequest, strategies);
		}

		// Checked again here: a filter after this one may have sent the request elsewhere
		private void authorize(ClientHttpRequest httpRequest) {
			if (this.authorization.appliesTo(httpRequest.getURI())) {
				httpRequest.getHeaders().set(HttpHeaders.AUTHORIZATION, this.bearerHeader);
			}
		}

		@Override
		public String toString() {
			return this.request.toString();
		}

	}

}
