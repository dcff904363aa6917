package net.erp.spring.client;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

/**
 * What the ERP.net filters share: which requests get the bearer token (only those to the
 * instance's origin), how its token is asked for and the header that carries it.
 */
final class InstanceAuthorization {

	private final String scheme;

	private final String host;

	private final int port;

	private final OAuth2AuthorizeRequest authorizeRequest;

	private volatile @Nullable BearerHeader bearerHeader;

	InstanceAuthorization(String clientRegistrationId, URI instanceUrl) {
		Assert.hasText(clientRegistrationId, "clientRegistrationId cannot be empty");
		Assert.notNull(instanceUrl, "instanceUrl cannot be null");
		Assert.isTrue(instanceUrl.getScheme() != null && instanceUrl.getHost() != null,
				() -> "instanceUrl must be an absolute http or https URL");
		this.scheme = instanceUrl.getScheme().toLowerCase(Locale.ROOT);
		this.host = instanceUrl.getHost().toLowerCase(Locale.ROOT);
		this.port = port(instanceUrl);
		this.authorizeRequest = ErpNetReactiveAuthorizedClientManager.authorizeRequest(clientRegistrationId);
	}

	/**
	 * Whether a request to the given URL may carry the instance's token: only one to the
	 * same scheme, host and port.
	 */
	boolean appliesTo(URI url) {
		return url.getScheme() != null && url.getHost() != null && this.scheme.equalsIgnoreCase(url.getScheme())
				&& this.host.equalsIgnoreCase(url.getHost()) && this.port == port(url);
	}

	OAuth2AuthorizeRequest authorizeRequest() {
		return this.authorizeRequest;
	}

	OAuth2AuthorizeRequest authorizeRequestReplacing(OAuth2AccessToken rejected) {
		return OAuth2AuthorizeRequest.withClientRegistrationId(this.authorizeRequest.getClientRegistrationId())
			.principal(this.authorizeRequest.getPrincipal())
			.attribute(ErpNetReactiveAuthorizedClientManager.REJECTED_ACCESS_TOKEN_ATTRIBUTE, rejected)
			.build();
	}

	/**
	 * The {@code Authorization} header value for the given token.
	 */
	String bearerHeader(OAuth2AccessToken token) {
		// Access tokens are JWTs of a kilobyte or so: not copied into a new header value on
		// every call
		BearerHeader bearerHeader = this.bearerHeader;
		if (bearerHeader == null || bearerHeader.token != token) {
			bearerHeader = new BearerHeader(token);
			this.bearerHeader = bearerHeader;
		}
		return bearerHeader.value;
	}

	private static int port(URI url) {
		if (url.getPort() != -1) {
			return url.getPort();
		}
		return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
	}

	@Override
	public String toString() {
		return this.scheme + "://" + this.host + ":" + this.port;
	}

	/**
	 * The {@code Authorization} header value of one token.
	 */
	private static final class BearerHeader {

		private final OAuth2AccessToken token;

		private final String value;

		BearerHeader(OAuth2AccessToken token) {
			this.token = token;
			this.value = "Bearer " + token.getTokenValue();
		}

	}

}
