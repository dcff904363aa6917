package net.erp.spring.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.security.oauth2.client.endpoint.DefaultOAuth2TokenRequestHeadersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Asks ERP.net Instance ID for client credentials tokens with Spring Security's
 * {@link WebClientReactiveClientCredentialsTokenResponseClient}, and adds what a service
 * needs of it:
 * <ul>
 * <li><b>Every answer in the error model.</b> A redirect (never followed), an OAuth2
 * error, an ERP.net error body, a missing endpoint, an HTML page or a token that is not a
 * valid Bearer token becomes an {@link ErpNetAuthenticationException} whose code and
 * hint say what to check.</li>
 * <li><b>Retries of transient failures.</b> A refused connection, a timeout or a 5xx
 * answer is retried with exponential backoff, up to {@link #setMaxAttempts(int) a number
 * of attempts}. OAuth2 errors are configuration errors and are not retried.</li>
 * <li><b>A usable lifetime.</b> A token whose {@code expires_in} is missing or not
 * positive gets {@link #DEFAULT_TOKEN_LIFETIME}; one longer than
 * {@link #MAX_TOKEN_LIFETIME} gets that, so that a token is neither requested again on
 * every call nor kept forever.</li>
 * <li><b>No token in the logs.</b> The answer is read as bytes, past every codec, so
 * nothing logs it at any level.</li>
 * <li><b>No secret in an observation.</b> With {@code client_secret_basic}, the
 * credentials go on the HTTP request itself, not on the {@link ClientRequest} that
 * observation handlers and request logging see.</li>
 * </ul>
 * The {@link WebClient} it is given carries the client secret: it must be one of its own
 * that follows no redirects and runs none of the application's filters.
 */
public final class ErpNetAccessTokenResponseClient
		implements ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	/**
	 * Lifetime assumed for a token whose response states none: an hour, the lifetime
	 * ERP.net documents for its access tokens. A token that expires earlier is renewed when
	 * the Domain API answers 401.
	 */
	static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

	/**
	 * The longest lifetime believed.
	 */
	static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(1);

	private static final int DEFAULT_MAX_ATTEMPTS = 3;

	private static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);

	private static final String REGISTRATION = ErpNetAccessTokenResponseClient.class.getName() + ".registration";

	private static final Log logger = LogFactory.getLog(ErpNetAccessTokenResponseClient.class);

	private final WebClientReactiveClientCredentialsTokenResponseClient delegate =
			new WebClientReactiveClientCredentialsTokenResponseClient();

	private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

	private Duration backoff = DEFAULT_BACKOFF;

	/**
	 * Create a new instance.
	 * @param webClient the client that sends token requests: one of its own, with connect
	 * and response timeouts, that follows no redirects
	 */
	public ErpNetAccessTokenResponseClient(WebClient webClient) {
		Assert.notNull(webClient, "webClient cannot be null");
		DefaultOAuth2TokenRequestHeadersConverter<OAuth2ClientCredentialsGrantRequest> headers =
				new DefaultOAuth2TokenRequestHeadersConverter<>();
		// Spring Security's headers but its Basic credentials, which authenticate() sets
		this.delegate.setHeadersConverter((grantRequest) -> {
			HttpHeaders converted = headers.convert(grantRequest);
			converted.remove(HttpHeaders.AUTHORIZATION);
			return converted;
		});
		this.delegate.setWebClient(webClient.mutate().filter(ErpNetAccessTokenResponseClient::authenticate).build());
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
		}).contextWrite((context) -> context.put(REGISTRATION, registration));
	}

	static boolean isTransient(Throwable ex) {
		return ex instanceof TokenResponseReader.TokenEndpointServerException || isUnreachable(ex);
	}

	/**
	 * Whether the token endpoint could not be reached: refused, unknown or timed out.
	 */
	static boolean isUnreachable(Throwable ex) {
		return ex instanceof WebClientRequestException || ex instanceof IOException || ex instanceof TimeoutException;
	}

	private static Mono<ClientResponse> authenticate(ClientRequest request, ExchangeFunction next) {
		return Mono.deferContextual((view) -> {
			ClientRegistration registration = view.get(REGISTRATION);
			if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(registration.getClientAuthenticationMethod())) {
				return next.exchange(request);
			}
			// Encoded as RFC 6749 section 2.3.1 asks, like Spring Security's default
			String clientId = URLEncoder.encode(registration.getClientId(), StandardCharsets.UTF_8);
			String secret = URLEncoder.encode(Objects.requireNonNullElse(registration.getClientSecret(), ""),
					StandardCharsets.UTF_8);
			return next.exchange(ClientRequest.from(request)
				.httpRequest((httpRequest) -> httpRequest.getHeaders().setBasicAuth(clientId, secret))
				.build());
		});
	}

	// Spring Security gives the extractor only the response; the registration comes along
	// in the subscriber context
	private Mono<OAuth2AccessTokenResponse> extract(ReactiveHttpInputMessage message, BodyExtractor.Context context) {
		Assert.isInstanceOf(ClientHttpResponse.class, message, "message must be a ClientHttpResponse");
		return Mono.deferContextual((view) -> new TokenResponseReader(view.<ClientRegistration>get(REGISTRATION))
			.read((ClientHttpResponse) message));
	}

}
