package net.erp.spring.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Decides when a cached token is renewed, and leaves obtaining one to Spring Security's
 * {@link ClientCredentialsReactiveOAuth2AuthorizedClientProvider}.
 * <p>
 * A token is renewed the refresh skew before it expires, but no earlier than half its
 * lifetime: with a skew longer than the tokens live, every call would otherwise ask for
 * a new one.
 */
final class TokenRenewalProvider implements ReactiveOAuth2AuthorizedClientProvider {

	private final ClientCredentialsReactiveOAuth2AuthorizedClientProvider delegate;

	private final long refreshSkewMillis;

	private final Clock clock;

	TokenRenewalProvider(ClientCredentialsReactiveOAuth2AuthorizedClientProvider delegate, Duration refreshSkew,
			Clock clock) {
		this.delegate = delegate;
		this.refreshSkewMillis = refreshSkew.toMillis();
		this.clock = clock;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		OAuth2AuthorizedClient authorizedClient = context.getAuthorizedClient();
		if (authorizedClient != null && !isRenewalDue(authorizedClient.getAccessToken())) {
			return Mono.empty();
		}
		// Without a cached client, the delegate always asks for a new token
		return this.delegate.authorize(OAuth2AuthorizationContext.withClientRegistration(context.getClientRegistration())
			.principal(context.getPrincipal())
			.attributes((attributes) -> attributes.putAll(context.getAttributes()))
			.build());
	}

	boolean isRenewalDue(OAuth2AccessToken token) {
		Instant expiresAt = token.getExpiresAt();
		if (expiresAt == null) {
			return false;
		}
		Instant issuedAt = (token.getIssuedAt() != null) ? token.getIssuedAt() : expiresAt;
		// Asked on every call: millisecond arithmetic, without Duration's exact division or
		// an Instant per call
		long halfLifeMillis = (expiresAt.toEpochMilli() - issuedAt.toEpochMilli()) / 2;
		return this.clock.millis() >= expiresAt.toEpochMilli() - Math.min(this.refreshSkewMillis, halfLifeMillis);
	}

}
