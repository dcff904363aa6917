package net.erp.spring.client;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.codec.Hints;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Asks ERP.net Instance ID for client credentials tokens with Spring Security's
 * {@link WebClientReactiveClientCredentialsTokenResponseClient}, and adds what a service
 * needs of it:
 * <ul>
 * <li><b>Retries of transient failures.</b> A refused connection, a timeout or a 5xx
 * answer is retried with exponential backoff, up to {@link #setMaxAttempts(int) a number
 * of attempts}. OAuth2 errors are configuration errors and are not retried.</li>
 * <li><b>A usable lifetime.</b> A token whose {@code expires_in} is missing or not
 * positive gets {@link #DEFAULT_TOKEN_LIFETIME}; one longer than
 * {@link #MAX_TOKEN_LIFETIME} gets that, so that a token is neither requested again on
 * every call nor kept forever.</li>
 * <li><b>No token in the logs.</b> The codecs do not log the token response, even at
 * DEBUG level.</li>
 * </ul>
 */
public final class ErpNetAccessTokenResponseClient
		implements ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	/**
	 * Lifetime assumed for a token whose response states none: an hour, the lifetime
	 * ERP.net documents for its access tokens. A token that expires earlier is renewed when
	 * the Domain API answers 401.
	 */
	public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

	/**
	 * The longest lifetime believed.
	 */
	public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(1);

	private static final int DEFAULT_MAX_ATTEMPTS = 3;

	private static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final Log logger = LogFactory.getLog(ErpNetAccessTokenResponseClient.class);

	private final WebClientReactiveClientCredentialsTokenResponseClient delegate = new WebClientReactiveClientCredentialsTokenResponseClient();

	private final DefaultMapOAuth2AccessTokenResponseConverter converter = new DefaultMapOAuth2AccessTokenResponseConverter();

	private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

	private Duration backoff = DEFAULT_BACKOFF;

	/**
	 * Create a new instance.
	 * @param webClient the client that sends token requests, typically built from the
	 * application's {@code WebClient.Builder} with connect and response timeouts
	 */
	public ErpNetAccessTokenResponseClient(WebClient webClient) {
		Assert.notNull(webClient, "webClient cannot be null");
		this.delegate.setWebClient(webClient);
		this.delegate.setBodyExtractor(this::extract);
	}

	/**
	 * Set how many times a token request is sent at most when it fails transiently.
	 * Defaults to 3.
	 * @param maxAttempts the number of attempts, at least 1
	 */
	public void setMaxAttempts(int maxAttempts) {
		Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
		this.maxAttempts = maxAttempts;
	}

	/**
	 * Set the delay before the first retry; it doubles with each further one, with
	 * jitter. Defaults to 500 milliseconds.
	 * @param backoff the delay
	 */
	public void setBackoff(Duration backoff) {
		Assert.isTrue(backoff != null && !backoff.isNegative(), "backoff must not be negative");
		this.backoff = backoff;
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
				.retryWhen(Retry.backoff(this.maxAttempts - 1, this.backoff)
					.filter(ErpNetAccessTokenResponseClient::isTransient)
					.doBeforeRetry((signal) -> logger.debug("Retrying the ERP.net token request after: "
							+ signal.failure().getMessage()))
					.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
				.doOnNext((response) -> {
					if (logger.isDebugEnabled()) {
						logger.debug("Obtained an ERP.net access token for client '" + registration.getClientId()
								+ "' in " + Duration.ofNanos(System.nanoTime() - start).toMillis()
								+ " ms; it expires at " + response.getAccessToken().getExpiresAt());
					}
				});
		});
	}

	static boolean isTransient(Throwable ex) {
		return ex instanceof TokenEndpointServerException || isUnreachable(ex);
	}

	/**
	 * Whether the token endpoint could not be reached: refused, unknown or timed out.
	 */
	static boolean isUnreachable(Throwable ex) {
		return ex instanceof WebClientRequestException || ex instanceof IOException || ex instanceof TimeoutException;
	}

	private Mono<OAuth2AccessTokenResponse> extract(ReactiveHttpInputMessage message, BodyExtractor.Context context) {
		if (message instanceof ClientHttpResponse response && response.getStatusCode().is5xxServerError()) {
			return Mono.error(new TokenEndpointServerException(response.getStatusCode()));
		}
		return BodyExtractors.toMono(JSON_OBJECT)
			.extract(message, withoutLogging(context))
			.onErrorMap((ex) -> !(ex instanceof OAuth2AuthorizationException),
					(ex) -> new OAuth2AuthorizationException(invalidTokenResponse(
							"An error occurred parsing the access token response: " + ex.getMessage()), ex))
			.switchIfEmpty(Mono.error(
					() -> new OAuth2AuthorizationException(invalidTokenResponse("Empty access token response"))))
			.map(this::convert);
	}

	private OAuth2AccessTokenResponse convert(Map<String, Object> json) {
		Object error = json.get(OAuth2ParameterNames.ERROR);
		if (error != null) {
			throw new OAuth2AuthorizationException(new OAuth2Error(error.toString(),
					stringOrNull(json.get(OAuth2ParameterNames.ERROR_DESCRIPTION)),
					stringOrNull(json.get(OAuth2ParameterNames.ERROR_URI))));
		}
		if (json.get(OAuth2ParameterNames.ACCESS_TOKEN) == null) {
			throw new OAuth2AuthorizationException(invalidTokenResponse("The token response has no access_token"));
		}
		Map<String, Object> normalized = new LinkedHashMap<>(json);
		normalized.put(OAuth2ParameterNames.EXPIRES_IN, lifetime(json.get(OAuth2ParameterNames.EXPIRES_IN)).toSeconds());
		return this.converter.convert(normalized);
	}

	private static Duration lifetime(@Nullable Object expiresIn) {
		long seconds;
		try {
			seconds = (expiresIn != null) ? Long.parseLong(expiresIn.toString().trim()) : 0;
		}
		catch (NumberFormatException ex) {
			seconds = 0;
		}
		if (seconds <= 0) {
			return DEFAULT_TOKEN_LIFETIME;
		}
		return (seconds > MAX_TOKEN_LIFETIME.toSeconds()) ? MAX_TOKEN_LIFETIME : Duration.ofSeconds(seconds);
	}

	private static @Nullable String stringOrNull(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static OAuth2Error invalidTokenResponse(String description) {
		return new OAuth2Error(ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE, description, null);
	}

	private static BodyExtractor.Context withoutLogging(BodyExtractor.Context context) {
		return new BodyExtractor.Context() {

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

		};
	}

	/**
	 * The token endpoint answered with a 5xx status: worth another try.
	 */
	static final class TokenEndpointServerException extends RuntimeException {

		private final HttpStatusCode status;

		TokenEndpointServerException(HttpStatusCode status) {
			super("The token endpoint answered HTTP " + status.value());
			this.status = status;
		}

		HttpStatusCode getStatus() {
			return this.status;
		}

	}

}
