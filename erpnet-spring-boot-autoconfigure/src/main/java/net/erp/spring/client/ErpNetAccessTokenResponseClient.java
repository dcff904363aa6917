package net.erp.spring.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.Hints;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.web.reactive.function.OAuth2BodyExtractors;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Asks ERP.net Instance ID for client credentials tokens with Spring Security's
 * {@link WebClientReactiveClientCredentialsTokenResponseClient}, adding two things:
 * <ul>
 * <li>a token whose response states no usable {@code expires_in} (none, 0 or 1 second)
 * gets {@link #DEFAULT_TOKEN_LIFETIME}, so that it is cached instead of being requested
 * again on every call;</li>
 * <li>the codecs do not log the token response, which holds the access token, even at
 * DEBUG level.</li>
 * </ul>
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

	private final WebClientReactiveClientCredentialsTokenResponseClient delegate = new WebClientReactiveClientCredentialsTokenResponseClient();

	/**
	 * Create a new instance.
	 * @param webClient the client that sends token requests, typically built from the
	 * application's {@code WebClient.Builder} so that its HTTP client settings apply
	 */
	public ErpNetAccessTokenResponseClient(WebClient webClient) {
		Assert.notNull(webClient, "webClient cannot be null");
		this.delegate.setWebClient(webClient);
		this.delegate.setBodyExtractor(withoutLogging(OAuth2BodyExtractors.oauth2AccessTokenResponse()));
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

	private static <T> BodyExtractor<T, ReactiveHttpInputMessage> withoutLogging(
			BodyExtractor<T, ReactiveHttpInputMessage> extractor) {
		return (message, context) -> extractor.extract(message, new BodyExtractor.Context() {

			@Override
			public List<HttpMessageReader<?>> messageReaders() {
				return context.messageReaders();
			}

			@Override
			public Optional<ServerHttpResponse> serverResponse() {
				return context.serverResponse();
			}

			@Override
			public Map<String, Object> hints() {
				Map<String, Object> hints = new HashMap<>(context.hints());
				hints.put(Hints.SUPPRESS_LOGGING_HINT, true);
				return hints;
			}

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
