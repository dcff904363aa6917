package net.erp.spring.client;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.util.Assert;

/**
 * Asks ERP.net Instance ID for client credentials tokens through a delegate (typically
 * Spring Security's {@code WebClientReactiveClientCredentialsTokenResponseClient}) and
 * gives a token whose response had no usable {@code expires_in} a lifetime, so that it is
 * cached instead of being requested again on every call.
 */
public final class ErpNetAccessTokenResponseClient
		implements ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	/**
	 * Lifetime assumed for a token whose response does not state one: an hour, the
	 * lifetime ERP.net documents for its access tokens. A token that expires earlier is
	 * renewed when the Domain API answers 401.
	 */
	public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

	// Spring Security gives a token without expires_in (or with 0) one second of life
	private static final Duration UNSTATED_LIFETIME = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(ErpNetAccessTokenResponseClient.class);

	private final ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate;

	/**
	 * Create a new instance.
	 * @param delegate the client that sends the token request
	 */
	public ErpNetAccessTokenResponseClient(
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public Mono<OAuth2AccessTokenResponse> getTokenResponse(OAuth2ClientCredentialsGrantRequest grantRequest) {
		ClientRegistration registration = grantRequest.getClientRegistration();
		return Mono.defer(() -> {
			long start = System.nanoTime();
			if (logger.isDebugEnabled()) {
				logger.debug("Requesting an ERP.net access token for client '" + registration.getClientId()
						+ "' with scopes " + registration.getScopes() + " from "
						+ registration.getProviderDetails().getTokenUri());
			}
			return this.delegate.getTokenResponse(grantRequest)
				.map(ErpNetAccessTokenResponseClient::withLifetime)
				.doOnNext((response) -> {
					if (logger.isDebugEnabled()) {
						logger.debug("Obtained an ERP.net access token for client '" + registration.getClientId()
								+ "' in " + Duration.ofNanos(System.nanoTime() - start).toMillis()
								+ " ms; it expires at " + response.getAccessToken().getExpiresAt());
					}
				});
		});
	}

	private static OAuth2AccessTokenResponse withLifetime(OAuth2AccessTokenResponse response) {
		OAuth2AccessToken token = response.getAccessToken();
		if (token.getIssuedAt() == null || token.getExpiresAt() == null
				|| !Duration.between(token.getIssuedAt(), token.getExpiresAt()).equals(UNSTATED_LIFETIME)) {
			return response;
		}
		return OAuth2AccessTokenResponse.withResponse(response)
			.expiresIn(DEFAULT_TOKEN_LIFETIME.toSeconds())
			.build();
	}

}
