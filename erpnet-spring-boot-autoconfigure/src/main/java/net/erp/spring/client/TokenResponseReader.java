package net.erp.spring.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.StringUtils;

/**
 * Reads one answer of the token endpoint into an access token response, or into the
 * {@link ErpNetAuthenticationException} that explains it: a redirect (never followed),
 * an OAuth2 error, an ERP.net error body, a missing endpoint, a 5xx (worth another try)
 * or a response that is not a usable Bearer token.
 * <p>
 * What the server wrote reaches a message only through {@link ServerText}; never the
 * token, never the {@code info} of an ERP.net error.
 */
final class TokenResponseReader {

	private static final int MAX_BODY_BYTES = 256 * 1024;

	// RFC 6750 b64token: what an Authorization header can carry after "Bearer "
	private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

	private static final Pattern TOKEN_TYPE = Pattern.compile("[A-Za-z0-9_.\\-]{1,32}");

	private static final JsonMapper jsonMapper = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final ClientRegistration registration;

	private final String tokenUri;

	private final ServerText serverText;

	TokenResponseReader(ClientRegistration registration) {
		this.registration = registration;
		this.tokenUri = registration.getProviderDetails().getTokenUri();
		this.serverText = new ServerText(registration);
	}

	Mono<OAuth2AccessTokenResponse> read(ClientHttpResponse response) {
		HttpStatusCode status = response.getStatusCode();
		if (status.is3xxRedirection()) {
			return Mono.error(redirect(status, response.getHeaders()));
		}
		return DataBufferUtils.join(response.getBody(), MAX_BODY_BYTES)
			.map(TokenResponseReader::bytes)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> status.is5xxServerError() ? serverError(status, null)
							: failure(ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE,
									answered(status) + " with more than " + MAX_BODY_BYTES / 1024 + " KB"))
			.map((body) -> tokenResponse(status, response.getHeaders(), body));
	}

	private OAuth2AccessTokenResponse tokenResponse(HttpStatusCode status, HttpHeaders headers, byte[] body) {
		JsonNode json = jsonObject(body);
		if (status.is5xxServerError()) {
			throw serverError(status, json);
		}
		String errorCode = (json != null) ? string(json.get(OAuth2ParameterNames.ERROR)) : null;
		if (errorCode != null) {
			throw oauth2Error(status, json, errorCode);
		}
		if (!status.is2xxSuccessful()) {
			String code = (status.value() == 404 || status.value() == 410)
					? ErpNetAuthenticationException.TOKEN_ENDPOINT_NOT_FOUND
					: ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE;
			String message = erpNetMessage(json);
			throw failure(code, answered(status) + ((message != null) ? ": " + message : " without an OAuth2 error"));
		}
		if (json == null) {
			throw failure(ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE,
					answered(status) + " with " + contentType(headers) + ", not a JSON token response");
		}
		return accessTokenResponse(json);
	}

	private OAuth2AccessTokenResponse accessTokenResponse(JsonNode json) {
		JsonNode token = json.get(OAuth2ParameterNames.ACCESS_TOKEN);
		if (token == null || token.isNull()) {
			throw invalid("The token response has no access_token");
		}
		String value = string(token);
		if (value == null || value.isEmpty()) {
			throw invalid("The token response's access_token is empty or not a string");
		}
		if (!BEARER_TOKEN.matcher(value).matches()) {
			throw invalid("The token response's access_token is not a valid RFC 6750 bearer token: it holds "
					+ "characters that an Authorization header cannot carry");
		}
		String tokenType = string(json.get(OAuth2ParameterNames.TOKEN_TYPE));
		if (tokenType == null) {
			throw invalid("The token response has no token_type");
		}
		if (!OAuth2AccessToken.TokenType.BEARER.getValue().equalsIgnoreCase(tokenType)) {
			throw invalid("The token response's token_type is "
					+ (TOKEN_TYPE.matcher(tokenType).matches() ? "'" + tokenType + "'" : "not a token type")
					+ "; only Bearer is supported");
		}
		String scope = string(json.get(OAuth2ParameterNames.SCOPE));
		return OAuth2AccessTokenResponse.withToken(value)
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.expiresIn(lifetime(json.get(OAuth2ParameterNames.EXPIRES_IN)).toSeconds())
			// RFC 6749 5.1: a response without a scope grants the requested one
			.scopes((scope != null) ? Set.copyOf(Arrays.asList(StringUtils.tokenizeToStringArray(scope, " ")))
					: this.registration.getScopes())
			.build();
	}

	private ErpNetAuthenticationException redirect(HttpStatusCode status, HttpHeaders headers) {
		String target = locationOrigin(headers.getFirst(HttpHeaders.LOCATION));
		OAuth2Error error = new OAuth2Error(ErpNetAuthenticationException.TOKEN_ENDPOINT_REDIRECT,
				answered(status) + " with a redirect to " + target + ", which is not followed", null);
		return new ErpNetAuthenticationException(error, this.registration.getClientId(),
				"Redirects from the token endpoint are never followed, as they would carry the client secret (here "
						+ "to " + target + "): set erpnet.instance-url (or erpnet.token-uri) to the instance's own "
						+ "address, with https:// and the exact path, so that Instance ID answers without a redirect.",
				null);
	}

	// Only the origin: the rest of a location may hold anything
	private String locationOrigin(@Nullable String location) {
		if (location == null) {
			return "no location";
		}
		try {
			URI target = URI.create(this.tokenUri).resolve(new URI(location.strip()));
			if (target.getScheme() == null || target.getHost() == null) {
				return "a location without a host";
			}
			return target.getScheme().toLowerCase(Locale.ROOT) + "://" + target.getHost().toLowerCase(Locale.ROOT)
					+ ((target.getPort() != -1) ? ":" + target.getPort() : "");
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return "an unreadable location";
		}
	}

	private ErpNetAuthenticationException oauth2Error(HttpStatusCode status, JsonNode json, String errorCode) {
		if (!ERROR_CODE.matcher(errorCode).matches()) {
			return failure(ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE,
					answered(status) + " with an error that is not an OAuth2 error code");
		}
		return new ErpNetAuthenticationException(new OAuth2Error(errorCode, description(json), null),
				this.registration.getClientId(), null);
	}

	private TokenEndpointServerException serverError(HttpStatusCode status, @Nullable JsonNode json) {
		String code = (json != null) ? string(json.get(OAuth2ParameterNames.ERROR)) : null;
		String message = (code != null && ERROR_CODE.matcher(code).matches())
				? code + optional(" (", description(json), ")") : erpNetMessage(json);
		return new TokenEndpointServerException(
				new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR, answered(status) + optional(": ", message, ""), null),
				this.registration.getClientId());
	}

	private @Nullable String description(JsonNode json) {
		return this.serverText.clean(string(json.get(OAuth2ParameterNames.ERROR_DESCRIPTION)));
	}

	/**
	 * The message and type of an ERP.net error body, never its {@code info}.
	 */
	private @Nullable String erpNetMessage(@Nullable JsonNode json) {
		JsonNode error = (json != null) ? ErpNetApiException.errorObject(json) : null;
		if (error == null) {
			return null;
		}
		String message = this.serverText.clean(ErpNetApiException.text(error, "message"));
		String type = this.serverText.clean(ErpNetApiException.text(error, "type"));
		return (message != null) ? message + optional(" (", type, ")") : type;
	}

	private static String optional(String prefix, @Nullable String text, String suffix) {
		return (text != null) ? prefix + text + suffix : "";
	}

	private String answered(HttpStatusCode status) {
		return "The token endpoint " + this.tokenUri + " answered HTTP " + status.value();
	}

	private ErpNetAuthenticationException invalid(String description) {
		return failure(ErpNetAuthenticationException.INVALID_TOKEN_RESPONSE, description);
	}

	private ErpNetAuthenticationException failure(String code, String description) {
		return new ErpNetAuthenticationException(new OAuth2Error(code, description, null),
				this.registration.getClientId(), null);
	}

	private static String contentType(HttpHeaders headers) {
		try {
			MediaType type = headers.getContentType();
			return (type != null) ? type.getType() + "/" + type.getSubtype() : "no content type";
		}
		catch (InvalidMediaTypeException ex) {
			return "an invalid content type";
		}
	}

	private static Duration lifetime(@Nullable JsonNode expiresIn) {
		long seconds = 0;
		if (expiresIn != null && expiresIn.isNumber()) {
			seconds = expiresIn.canConvertToLong() ? expiresIn.asLong() : (long) expiresIn.asDouble();
		}
		else if (expiresIn != null && expiresIn.isString()) {
			try {
				seconds = Long.parseLong(expiresIn.asString().strip());
			}
			catch (NumberFormatException ex) {
				seconds = 0;
			}
		}
		if (seconds <= 0) {
			return ErpNetAccessTokenResponseClient.DEFAULT_TOKEN_LIFETIME;
		}
		Duration longest = ErpNetAccessTokenResponseClient.MAX_TOKEN_LIFETIME;
		return (seconds > longest.toSeconds()) ? longest : Duration.ofSeconds(seconds);
	}

	private static @Nullable String string(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.asString() : null;
	}

	private static @Nullable JsonNode jsonObject(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			JsonNode json = jsonMapper.readTree(body);
			return (json != null && json.isObject()) ? json : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/**
	 * The token endpoint answered with a 5xx status: worth another try.
	 */
	static final class TokenEndpointServerException extends ErpNetAuthenticationException {

		TokenEndpointServerException(OAuth2Error error, String clientId) {
			super(error, clientId, null);
		}

	}

}
