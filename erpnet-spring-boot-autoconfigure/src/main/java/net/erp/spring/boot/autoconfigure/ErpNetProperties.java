package net.erp.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the ERP.net client.
 */
@ConfigurationProperties("erpnet")
public class ErpNetProperties {

	/**
	 * Whether to configure the ERP.net client.
	 */
	private boolean enabled = true;

	/**
	 * URL of the ERP.net instance, for example https://demodb.my.erp.net.
	 */
	private @Nullable String instanceUrl;

	/**
	 * Client id: the ApplicationUri of the instance's trusted application.
	 */
	private @Nullable String clientId;

	/**
	 * Plain client secret of the trusted application, whose ApplicationSecretHash is
	 * base64(sha256(secret)).
	 */
	private @Nullable String clientSecret;

	/**
	 * Scopes to request, sent space-separated; 'read', optionally 'update'.
	 */
	private List<String> scopes = new ArrayList<>(List.of("read"));

	/**
	 * URL of the token endpoint. Defaults to {instance-url}/id/connect/token.
	 */
	private @Nullable String tokenUri;

	/**
	 * How the client authenticates at the token endpoint: 'client_secret_post' (id and
	 * secret in the form body) or 'client_secret_basic' (HTTP Basic).
	 */
	private String clientAuthenticationMethod = "client_secret_post";

	/**
	 * How long before its expiry a token is renewed.
	 */
	private Duration tokenRefreshSkew = Duration.ofSeconds(60);

	/**
	 * Whether to allow an http:// instance or token URL on a host other than loopback,
	 * which sends the secret and tokens unencrypted.
	 */
	private boolean allowInsecureHttp;

	private final DomainApi domainApi = new DomainApi();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getInstanceUrl() {
		return this.instanceUrl;
	}

	public void setInstanceUrl(@Nullable String instanceUrl) {
		this.instanceUrl = instanceUrl;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(@Nullable String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = scopes;
	}

	public @Nullable String getTokenUri() {
		return this.tokenUri;
	}

	public void setTokenUri(@Nullable String tokenUri) {
		this.tokenUri = tokenUri;
	}

	public String getClientAuthenticationMethod() {
		return this.clientAuthenticationMethod;
	}

	public void setClientAuthenticationMethod(String clientAuthenticationMethod) {
		this.clientAuthenticationMethod = clientAuthenticationMethod;
	}

	public Duration getTokenRefreshSkew() {
		return this.tokenRefreshSkew;
	}

	public void setTokenRefreshSkew(Duration tokenRefreshSkew) {
		this.tokenRefreshSkew = tokenRefreshSkew;
	}

	public boolean isAllowInsecureHttp() {
		return this.allowInsecureHttp;
	}

	public void setAllowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
	}

	public DomainApi getDomainApi() {
		return this.domainApi;
	}

	@Override
	public String toString() {
		return "ErpNetProperties[instanceUrl=" + this.instanceUrl + ", clientId=" + this.clientId + ", clientSecret="
				+ ((this.clientSecret != null) ? "******" : null) + ", scopes=" + this.scopes + "]";
	}

	/**
	 * Domain API properties.
	 */
	public static class DomainApi {

		/**
		 * Path of the Domain API (OData) root under the instance URL.
		 */
		private String path = "/api/domain/odata/";

		/**
		 * Maximum number of concurrent Domain API requests to the instance; ERP.net
		 * serves one request per session at a time by default.
		 */
		private int maxConcurrentRequests = 1;

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public int getMaxConcurrentRequests() {
			return this.maxConcurrentRequests;
		}

		public void setMaxConcurrentRequests(int maxConcurrentRequests) {
			this.maxConcurrentRequests = maxConcurrentRequests;
		}

	}

}
