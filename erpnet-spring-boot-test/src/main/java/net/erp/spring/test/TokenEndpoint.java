package net.erp.spring.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;

import net.erp.spring.client.ErpNetClientSecrets;

import static org.mockserver.model.HttpResponse.response;

/**
 * Instance ID's {@code POST /id/connect/token} for the client credentials grant, checking
 * the request the way the instance does and answering with a JWT-shaped access token or
 * an OAuth2 error (HTTP 400).
 */
final class TokenEndpoint {

	private static final ObjectMapper objectMapper = new ObjectMapper();

	private final Map<String, TrustedApplication> applications;

	private final String issuer;

	private final Clock clock;

	private final byte[] signingKey = new byte[32];

	private final Map<String, IssuedToken> issued = new ConcurrentHashMap<>();

	private volatile Duration lifetime;

	void add(TrustedApplication application) {
		this.applications.put(application.applicationUri(), application);
	}

	TokenEndpoint(List<TrustedApplication> applications, String issuer, Duration lifetime, Clock clock) {
		this.applications = new ConcurrentHashMap<>();
		applications.forEach((application) -> this.applications.put(application.applicationUri(), application));
		this.issuer = issuer;
		this.lifetime = lifetime;
		this.clock = clock;
		new SecureRandom().nextBytes(this.signingKey);
	}

	void lifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	HttpResponse handle(HttpRequest request) {
		String contentType = request.getFirstHeader("Content-Type");
		if (!"POST".equals(request.getMethod().getValue())
				|| !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
			return error("invalid_request", "The token request must be a form POST");
		}
		Map<String, String> form = form(request.getBodyAsString());
		String clientId = form.get("client_id");
		String secret = form.get("client_secret");
		String authorization = request.getFirstHeader("Authorization");
		if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8)
				.split(":", 2);
			clientId = URLDecoder.decode(credentials[0], StandardCharsets.UTF_8);
			secret = (credentials.length > 1) ? URLDecoder.decode(credentials[1], StandardCharsets.UTF_8) : null;
		}
		if (isEmpty(clientId)) {
			return error("invalid_request", "Missing client_id");
		}
		TrustedApplication application = this.applications.get(clientId);
		if (application == null) {
			return error("invalid_client", "Invalid client_id or client_secret");
		}
		if (isEmpty(secret)) {
			return error("invalid_request", "Missing client_secret");
		}
		if (!ErpNetClientSecrets.hash(secret).equals(application.applicationSecretHash()) || !application.enabled()
				|| !application.confidential()) {
			return error("invalid_client", "Invalid client_id or client_secret");
		}
		String grantType = form.get("grant_type");
		if (isEmpty(grantType)) {
			return error("invalid_request", "Missing grant_type");
		}
		if (!"client_credentials".equals(grantType)) {
			return error("unsupported_grant_type", "Unsupported grant type: " + grantType);
		}
		if (!application.systemUserAllowed()) {
			return error("unauthorized_client", "The client is not authorized to use this grant type");
		}
		Set<String> scopes = scopes(form.get("scope"), application);
		for (String scope : scopes) {
			if (!application.scopes().contains(scope)) {
				return error("invalid_scope", "Invalid scope: " + scope);
			}
		}
		return issue(application, scopes);
	}

	/**
	 * The token that a Domain API request carries, if it is one this endpoint issued and
	 * it is still valid.
	 */
	@Nullable IssuedToken validToken(String authorization) {
		if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		IssuedToken token = this.issued.get(authorization.substring(7).trim());
		return (token != null && this.clock.instant().isBefore(token.expiresAt())) ? token : null;
	}

	void revokeAll() {
		this.issued.clear();
	}

	private HttpResponse issue(TrustedApplication application, Set<String> scopes) {
		Instant now = this.clock.instant();
		Duration lifetime = this.lifetime;
		Instant expiresAt = now.plus(lifetime);
		ObjectNode claims = objectMapper.createObjectNode();
		claims.put("iss", this.issuer);
		claims.put("aud", "DomainApi");
		claims.put("client_id", application.applicationUri());
		claims.putArray("scope").addAll(scopes.stream().map(objectMapper.getNodeFactory()::textNode).toList());
		claims.put("iat", now.getEpochSecond());
		claims.put("nbf", now.getEpochSecond());
		claims.put("exp", expiresAt.getEpochSecond());
		claims.put("jti", UUID.randomUUID().toString());
		String token = jwt(claims);
		this.issued.put(token, new IssuedToken(application.applicationUri(), scopes, expiresAt));
		ObjectNode body = objectMapper.createObjectNode();
		body.put("access_token", token);
		body.put("expires_in", lifetime.toSeconds());
		body.put("token_type", "Bearer");
		body.put("scope", String.join(" ", scopes));
		return json(200, body.toString());
	}

	private String jwt(ObjectNode claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String unsigned = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8))
				+ "." + encoder.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.signingKey, "HmacSHA256"));
			return unsigned + "." + encoder.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every Java platform", ex);
		}
	}

	private static Set<String> scopes(@Nullable String requested, TrustedApplication application) {
		if (isEmpty(requested)) {
			return application.scopes();
		}
		return new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			if (!pair.isEmpty()) {
				String[] nameAndValue = pair.split("=", 2);
				form.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
						(nameAndValue.length > 1) ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
			}
		}
		return form;
	}

	private static HttpResponse error(String error, String description) {
		ObjectNode body = objectMapper.createObjectNode();
		body.put("error", error);
		body.put("error_description", description);
		return json(400, body.toString());
	}

	private static HttpResponse json(int status, String body) {
		return response().withStatusCode(status)
			.withContentType(MediaType.APPLICATION_JSON)
			.withHeader("Cache-Control", "no-store")
			.withHeader("Pragma", "no-cache")
			.withBody(body);
	}

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isEmpty();
	}

	/**
	 * What the instance remembers of a token it issued.
	 */
	record IssuedToken(String clientId, Set<String> scopes, Instant expiresAt) {

	}

}
