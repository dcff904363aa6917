package net.erp.spring.client;

import java.io.IOException;
import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
 * A {@link ClientHttpRequestInterceptor} for {@code RestClient} that puts the ERP.net
 * access token on requests to the instance and, when the instance answers 401, renews the
 * token and sends the request once more.
 * <p>
 * Requests to any other origin (scheme, host and port) pass through without the token.
 */
public final class ErpNetClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(ErpNetClientHttpRequestInterceptor.class);

	private final OAuth2AuthorizedClientManager authorizedClientManager;

	private final InstanceAuthorization authorization;

	/**
	 * Create a new instance.
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param clientRegistrationId the id of the instance's client registration
	 * @param instanceUrl the URL of the instance; only requests to its origin get a token
	 */
	public ErpNetClientHttpRequestInterceptor(OAuth2AuthorizedClientManager authorizedClientManager,
			String clientRegistrationId, URI instanceUrl) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		this.authorizedClientManager = authorizedClientManager;
		this.authorization = new InstanceAuthorization(clientRegistrationId, instanceUrl);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!this.authorization.appliesTo(request.getURI())) {
			return execution.execute(request, body);
		}
		OAuth2AccessToken token = token(this.authorization.authorizeRequest());
		request.getHeaders().setBearerAuth(token.getTokenValue());
		ClientHttpResponse response = execution.execute(request, body);
		if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return response;
		}
		logger.debug("ERP.net answered 401; renewing the access token and sending the request once more");
		response.close();
		OAuth2AccessToken renewed = token(this.authorization.authorizeRequestReplacing(token));
		request.getHeaders().setBearerAuth(renewed.getTokenValue());
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
