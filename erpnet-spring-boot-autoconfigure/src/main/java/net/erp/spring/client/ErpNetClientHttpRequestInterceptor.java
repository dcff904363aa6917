package net.erp.spring.client;

import java.io.IOException;
import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

/**
 * A {@link ClientHttpRequestInterceptor} for {@code RestClient} requests to an ERP.net
 * instance: it puts the access token on them and, when the instance answers 401, renews
 * the token and sends the request once more; each attempt waits for its turn in the
 * {@link ErpNetConcurrencyLimiter} and is repeated as the {@link ErpNetRetryPolicy}
 * decides.
 * <p>
 * Requests to any other origin (scheme, host and port) pass through untouched, without
 * the token.
 */
public final class ErpNetClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(ErpNetClientHttpRequestInterceptor.class);

	private final OAuth2AuthorizedClientManager authorizedClientManager;

	private final InstanceAuthorization authorization;

	private final ClientHttpRequestInterceptor retryAndLimit;

	/**
	 * Create a new instance.
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param clientRegistrationId the id of the instance's client registration
	 * @param instanceUrl the URL of the instance; only requests to its origin get a token
	 * @param retryPolicy decides which failed attempts are repeated
	 * @param concurrencyLimiter limits the requests under way to the instance
	 */
	public ErpNetClientHttpRequestInterceptor(OAuth2AuthorizedClientManager authorizedClientManager,
			String clientRegistrationId, URI instanceUrl, ErpNetRetryPolicy retryPolicy,
			ErpNetConcurrencyLimiter concurrencyLimiter) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		Assert.notNull(retryPolicy, "retryPolicy cannot be null");
		Assert.notNull(concurrencyLimiter, "concurrencyLimiter cannot be null");
		this.authorizedClientManager = authorizedClientManager;
		this.authorization = new InstanceAuthorization(clientRegistrationId, instanceUrl);
		this.retryAndLimit = new RetryInterceptor(retryPolicy)
			.andThen(new ConcurrencyLimitInterceptor(concurrencyLimiter));
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution chain)
			throws IOException {
		if (!this.authorization.appliesTo(request.getURI())) {
			return chain.execute(request, body);
		}
		ClientHttpRequestExecution execution = this.retryAndLimit.apply(chain);
		OAuth2AccessToken token = token(this.authorization.authorizeRequest());
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, this.authorization.bearerHeader(token));
		ClientHttpResponse response = execution.execute(request, body);
		if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return response;
		}
		logger.debug("ERP.net answered 401; renewing the access token and sending the request once more");
		response.close();
		OAuth2AccessToken renewed = token(this.authorization.authorizeRequestReplacing(token));
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, this.authorization.bearerHeader(renewed));
		return execution.execute(request, body);
	}

	private OAuth2AccessToken token(OAuth2AuthorizeRequest authorizeRequest) {
		OAuth2AuthorizedClient client = this.authorizedClientManager.authorize(authorizeRequest);
		if (client == null) {
			throw new IllegalStateException("No access token for client registration '"
					+ authorizeRequest.getClientRegistrationId() + "': it must use the client_credentials grant");
		}
		return client.getAccessToken();
	}

	@Override
	public String toString() {
		return "ErpNetClientHttpRequestInterceptor[" + this.authorization + "]";
	}

}
