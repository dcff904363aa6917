package net.erp.spring.client;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveOAuth2AuthorizedClientManager} for the client credentials registration
 * of one ERP.net instance, usable outside any web request. The token comes from the
 * instance's {@link ErpNetTokenService}: one token for every principal, as the trusted
 * application is its own principal and every ERP.net token takes a licence slot.
 * <p>
 * A request carrying {@link #REJECTED_ACCESS_TOKEN_ATTRIBUTE} drops that token (unless it
 * has already been replaced) and gets a different one. Every failure to obtain a token is
 * an {@link ErpNetAuthenticationException}.
 */
public final class ErpNetReactiveAuthorizedClientManager implements ReactiveOAuth2AuthorizedClientManager {

	/**
	 * Name of the {@link OAuth2AuthorizeRequest} attribute that holds an
	 * {@link OAuth2AccessToken} the resource server rejected with HTTP 401.
	 */
	static final String REJECTED_ACCESS_TOKEN_ATTRIBUTE = ErpNetReactiveAuthorizedClientManager.class
		.getName() + ".REJECTED_ACCESS_TOKEN";

	private final ClientRegistration clientRegistration;

	private final ErpNetTokenService tokenService;

	private volatile @Nullable OAuth2AuthorizedClient last;

	/**
	 * Create a new instance.
	 * @param clientRegistration the client credentials registration of the ERP.net
	 * instance
	 * @param tokenService the token service of that registration
	 */
	public ErpNetReactiveAuthorizedClientManager(ClientRegistration clientRegistration,
			ErpNetTokenService tokenService) {
		Assert.notNull(clientRegistration, "clientRegistration cannot be null");
		Assert.notNull(tokenService, "tokenService cannot be null");
		this.clientRegistration = clientRegistration;
		this.tokenService = tokenService;
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

	/**
	 * Return the token service that this manager's tokens come from.
	 * @return the token service
	 */
	public ErpNetTokenService getTokenService() {
		return this.tokenService;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest authorizeRequest) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		Assert.isTrue(serves(authorizeRequest),
				() -> "Could not find ClientRegistration with id '" + authorizeRequest.getClientRegistrationId()
						+ "': this manager serves '" + this.clientRegistration.getRegistrationId() + "' only");
		OAuth2AccessToken rejected = authorizeRequest.getAttribute(REJECTED_ACCESS_TOKEN_ATTRIBUTE);
		Mono<OAuth2AccessToken> token = (rejected != null) ? this.tokenService.tokenReplacing(rejected)
				: this.tokenService.token();
		return token.map((accessToken) -> authorizedClient(authorizeRequest, accessToken));
	}

	/**
	 * The authorized client with the current token if that can be used as it is, else
	 * {@code null}: callers on every request take it without a reactive authorization.
	 * A request that reports a rejected token always gets {@code null}, as does one to a
	 * manager of another kind.
	 * @param manager the manager
	 * @param authorizeRequest the request
	 * @return the authorized client or {@code null}
	 */
	static @Nullable OAuth2AuthorizedClient reusableClient(ReactiveOAuth2AuthorizedClientManager manager,
			OAuth2AuthorizeRequest authorizeRequest) {
		if (!(manager instanceof ErpNetReactiveAuthorizedClientManager erpNet)
				|| authorizeRequest.getAttribute(REJECTED_ACCESS_TOKEN_ATTRIBUTE) != null
				|| !erpNet.serves(authorizeRequest)) {
			return null;
		}
		OAuth2AccessToken token = erpNet.tokenService.reusableToken();
		return (token != null) ? erpNet.authorizedClient(authorizeRequest, token) : null;
	}

	private boolean serves(OAuth2AuthorizeRequest authorizeRequest) {
		return this.clientRegistration.getRegistrationId().equals(authorizeRequest.getClientRegistrationId());
	}

	// One authorized client per token for the common principal, not one per call
	private OAuth2AuthorizedClient authorizedClient(OAuth2AuthorizeRequest authorizeRequest, OAuth2AccessToken token) {
		String principalName = authorizeRequest.getPrincipal().getName();
		OAuth2AuthorizedClient last = this.last;
		if (last != null && last.getAccessToken() == token && last.getPrincipalName().equals(principalName)) {
			return last;
		}
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(this.clientRegistration, principalName, token);
		this.last = client;
		return client;
	}

	@Override
	public String toString() {
		return "ErpNetReactiveAuthorizedClientManager[clientId=" + this.clientRegistration.getClientId()
				+ ", tokenUri=" + this.clientRegistration.getProviderDetails().getTokenUri() + "]";
	}

}
