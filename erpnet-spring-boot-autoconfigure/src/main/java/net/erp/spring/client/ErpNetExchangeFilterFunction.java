package net.erp.spring.client;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * An {@link ExchangeFilterFunction} for requests to an ERP.net instance: it puts the
 * access token on them and, when the instance answers 401, renews the token and sends the
 * request once more; each attempt waits for its turn in the
 * {@link ErpNetConcurrencyLimiter} and is repeated as the {@link ErpNetRetryPolicy}
 * decides.
 * <p>
 * Requests to any other origin (scheme, host and port) pass through untouched, without
 * the token.
 */
public final class ErpNetExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(ErpNetExchangeFilterFunction.class);

	private final ReactiveOAuth2AuthorizedClientManager authorizedClientManager;

	private final InstanceAuthorization authorization;

	private final ExchangeFilterFunction retryAndLimit;

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
		this.retryAndLimit = new RetryExchangeFilterFunction(retryPolicy)
			.andThen(new ConcurrencyLimitExchangeFilterFunction(concurrencyLimiter));
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction exchange) {
		if (!this.authorization.appliesTo(request.url())) {
			return exchange.exchange(request);
		}
		ExchangeFunction next = this.retryAndLimit.apply(exchange);
		return token(this.authorization.authorizeRequest())
			.flatMap((token) -> next.exchange(withToken(request, token)).flatMap((response) -> {
				if (response.statusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
					return Mono.just(response);
				}
				logger.debug("ERP.net answered 401; renewing the access token and sending the request once more");
				return response.releaseBody()
					.then(token(this.authorization.authorizeRequestReplacing(token)))
					.flatMap((renewed) -> next.exchange(withToken(request, renewed)));
			}));
	}

	private Mono<OAuth2AccessToken> token(OAuth2AuthorizeRequest authorizeRequest) {
		return this.authorizedClientManager.authorize(authorizeRequest)
			.map((client) -> client.getAccessToken())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"No access token for client registration '" + authorizeRequest.getClientRegistrationId()
							+ "': it must use the client_credentials grant")));
	}

	private static ClientRequest withToken(ClientRequest request, OAuth2AccessToken token) {
		return ClientRequest.from(request).headers((headers) -> headers.setBearerAuth(token.getTokenValue())).build();
	}

	@Override
	public String toString() {
		return "ErpNetExchangeFilterFunction[" + this.authorization + "]";
	}

}
