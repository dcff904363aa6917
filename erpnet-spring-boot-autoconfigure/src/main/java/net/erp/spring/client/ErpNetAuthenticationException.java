package net.erp.spring.client;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Thrown when no access token could be obtained from the ERP.net instance's identity
 * provider (Instance ID). Carries the OAuth2 error code, the server's description and a
 * hint that names what to check in the configuration or in the trusted application.
 * <p>
 * The message never contains the client secret or a token.
 */
public class ErpNetAuthenticationException extends OAuth2AuthorizationException implements ErpNetException {

	/**
	 * Error code used when the token endpoint could not be reached at all (connection
	 * refused, unknown host, timeout).
	 */
	public static final String TOKEN_ENDPOINT_UNREACHABLE = "token_endpoint_unreachable";

	/**
	 * Error code used when the token endpoint's answer is not an OAuth2 token response.
	 */
	public static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	/**
	 * Error code used when the token endpoint answered with a redirect, which is never
	 * followed: it would carry the client secret elsewhere.
	 */
	public static final String TOKEN_ENDPOINT_REDIRECT = "token_endpoint_redirect";

	/**
	 * Error code used when nothing serves a token endpoint at the token URL (HTTP 404 or
	 * 410).
	 */
	public static final String TOKEN_ENDPOINT_NOT_FOUND = "token_endpoint_not_found";

	private static final Map<String, String> HINTS = Map.ofEntries(
			Map.entry(OAuth2ErrorCodes.INVALID_CLIENT,
					"Check erpnet.client-id and erpnet.client-secret: the client id must be the trusted application's "
							+ "ApplicationUri, base64(sha256(secret)) must equal its ApplicationSecretHash, and the "
							+ "application must be enabled (IsEnabled) with ClientType Confidential."),
			Map.entry(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"The trusted application may not use the client credentials grant: set SystemUserAllowed to true "
							+ "and assign a SystemUser."),
			Map.entry(OAuth2ErrorCodes.INVALID_SCOPE,
					"Every scope in erpnet.scopes must be listed in the trusted application's Scope attribute "
							+ "(read, update)."),
			Map.entry(OAuth2ErrorCodes.INVALID_REQUEST,
					"The client id or secret did not reach Instance ID: check that erpnet.client-id and "
							+ "erpnet.client-secret are set and that erpnet.client-authentication-method suits the server."),
			Map.entry(OAuth2ErrorCodes.INVALID_GRANT,
					"Instance ID rejected the client credentials: check erpnet.client-id, erpnet.client-secret and the "
							+ "trusted application's ApplicationSecretHash."),
			Map.entry(OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE,
					"Instance ID does not accept the client credentials grant here: check that erpnet.token-uri points "
							+ "at the instance's /id/connect/token."),
			Map.entry(OAuth2ErrorCodes.SERVER_ERROR,
					"Instance ID failed: check that the instance is up and that erpnet.instance-url (or "
							+ "erpnet.token-uri) points at its /id/connect/token."),
			Map.entry(INVALID_TOKEN_RESPONSE,
					"The token endpoint did not answer with a usable OAuth2 token response: check that "
							+ "erpnet.instance-url (or erpnet.token-uri) points at the ERP.net instance, not at a proxy or "
							+ "another site, and that it is up."),
			Map.entry(TOKEN_ENDPOINT_REDIRECT,
					"Redirects from the token endpoint are never followed, as they would carry the client secret: set "
							+ "erpnet.instance-url (or erpnet.token-uri) to the instance's own address, with https:// and "
							+ "the exact path, so that Instance ID answers without a redirect."),
			Map.entry(TOKEN_ENDPOINT_NOT_FOUND,
					"No token endpoint answers at that URL: erpnet.instance-url must be the instance's root (for example "
							+ "https://demodb.my.erp.net, with the database path if the instance has one), or "
							+ "erpnet.token-uri its /id/connect/token."),
			Map.entry(TOKEN_ENDPOINT_UNREACHABLE,
					"Check that erpnet.instance-url (or erpnet.token-uri) is right and that the instance can be reached "
							+ "from this host."));

	private static final Set<String> TRANSIENT_CODES = Set.of(TOKEN_ENDPOINT_UNREACHABLE, INVALID_TOKEN_RESPONSE,
			OAuth2ErrorCodes.SERVER_ERROR, OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE);

	private static final String DEFAULT_HINT = "Instance ID refused to issue a token: check the trusted application "
			+ "and the erpnet.* properties.";

	private final String hint;

	/**
	 * Create a new instance.
	 * @param error the OAuth2 error reported by the token endpoint, or one describing why
	 * it could not be asked
	 * @param clientId the client id (the trusted application's ApplicationUri) the token
	 * was requested for
	 * @param cause the underlying failure, if any
	 */
	public ErpNetAuthenticationException(OAuth2Error error, String clientId, @Nullable Throwable cause) {
		this(error, clientId, HINTS.getOrDefault(error.getErrorCode(), DEFAULT_HINT), cause);
	}

	/**
	 * Create a new instance with a hint that names what only this failure shows, such as
	 * where a redirect pointed.
	 */
	ErpNetAuthenticationException(OAuth2Error error, String clientId, String hint, @Nullable Throwable cause) {
		super(error, message(error, clientId, hint), cause);
		this.hint = hint;
	}

	private static String message(OAuth2Error error, String clientId, String hint) {
		StringBuilder message = new StringBuilder("Could not obtain an ERP.net access token for client '")
			.append(clientId)
			.append("': ")
			.append(error.getErrorCode());
		if (error.getDescription() != null) {
			message.append(" (").append(error.getDescription()).append(')');
		}
		return message.append(". ").append(hint).toString();
	}

	/**
	 * Return the OAuth2 error code, for example {@code invalid_client}.
	 * @return the error code
	 */
	public String getErrorCode() {
		return getError().getErrorCode();
	}

	/**
	 * Return the error description sent by the token endpoint, if any.
	 * @return the description or {@code null}
	 */
	public @Nullable String getDescription() {
		return getError().getDescription();
	}

	/**
	 * Whether this is a configuration error that asking again will not cure (an OAuth2
	 * error, a redirect, a missing token endpoint) rather than a failure to answer.
	 * @return whether the client was rejected
	 */
	public boolean isRejection() {
		return !TRANSIENT_CODES.contains(getErrorCode());
	}

	/**
	 * Return a hint naming what to check: a property or an attribute of the trusted
	 * application.
	 * @return the hint
	 */
	public String getHint() {
		return this.hint;
	}

}
