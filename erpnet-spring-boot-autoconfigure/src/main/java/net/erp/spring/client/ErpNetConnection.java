package net.erp.spring.client;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where an ERP.net instance is and how to authenticate to it, for
 * {@link ErpNetClients#register(String, ErpNetConnection) registering} an instance while
 * the application runs. Built like Spring Security's {@code ClientRegistration}:
 * <pre class="code">
 * ErpNetConnection.builder()
 *     .instanceUrl("https://acme.my.erp.net")
 *     .clientId("urn:partner:sync")
 *     .clientSecret(secret)
 *     .scopes("read", "update")
 *     .build();
 * </pre> Values are checked when the connection is registered. {@link #toString()}
 * never shows the secret.
 */
public final class ErpNetConnection {

	private final @Nullable String instanceUrl;

	private final @Nullable String clientId;

	private final @Nullable String clientSecret;

	private final List<String> scopes;

	private final @Nullable String tokenUri;

	private final @Nullable String clientAuthenticationMethod;

	private final @Nullable Integer maxConcurrentRequests;

	private final @Nullable Integer maxQueuedRequests;

	private final @Nullable Integer maxRequestsPerMinute;

	private ErpNetConnection(Builder builder) {
		this.instanceUrl = builder.instanceUrl;
		this.clientId = builder.clientId;
		this.clientSecret = builder.clientSecret;
		this.scopes = builder.scopes;
		this.tokenUri = builder.tokenUri;
		this.clientAuthenticationMethod = builder.clientAuthenticationMethod;
		this.maxConcurrentRequests = builder.maxConcurrentRequests;
		this.maxQueuedRequests = builder.maxQueuedRequests;
		this.maxRequestsPerMinute = builder.maxRequestsPerMinute;
	}

	public static Builder builder() {
		return new Builder();
	}

	public @Nullable String getInstanceUrl() {
		return this.instanceUrl;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	/**
	 * The scopes to ask for; empty for the application's {@code erpnet.scopes}.
	 * @return the scopes
	 */
	public List<String> getScopes() {
		return this.scopes;
	}

	public @Nullable String getTokenUri() {
		return this.tokenUri;
	}

	public @Nullable String getClientAuthenticationMethod() {
		return this.clientAuthenticationMethod;
	}

	public @Nullable Integer getMaxConcurrentRequests() {
		return this.maxConcurrentRequests;
	}

	public @Nullable Integer getMaxQueuedRequests() {
		return this.maxQueuedRequests;
	}

	public @Nullable Integer getMaxRequestsPerMinute() {
		return this.maxRequestsPerMinute;
	}

	@Override
	public String toString() {
		return "ErpNetConnection[instanceUrl=" + this.instanceUrl + ", clientId=" + this.clientId + ", clientSecret="
				+ ((this.clientSecret != null) ? "******" : null) + ", scopes=" + this.scopes + "]";
	}

	/**
	 * Builds an {@link ErpNetConnection}.
	 */
	public static final class Builder {

		private @Nullable String instanceUrl;

		private @Nullable String clientId;

		private @Nullable String clientSecret;

		private List<String> scopes = List.of();

		private @Nullable String tokenUri;

		private @Nullable String clientAuthenticationMethod;

		private @Nullable Integer maxConcurrentRequests;

		private @Nullable Integer maxQueuedRequests;

		private @Nullable Integer maxRequestsPerMinute;

		private Builder() {
		}

		/**
		 * The instance URL, for example {@code https://acme.my.erp.net}.
		 * @param instanceUrl the URL
		 * @return this builder
		 */
		public Builder instanceUrl(String instanceUrl) {
			this.instanceUrl = instanceUrl;
			return this;
		}

		/**
		 * The ApplicationUri of the instance's trusted application.
		 * @param clientId the client id
		 * @return this builder
		 */
		public Builder clientId(String clientId) {
			this.clientId = clientId;
			return this;
		}

		/**
		 * The plain secret of the trusted application.
		 * @param clientSecret the secret
		 * @return this builder
		 */
		public Builder clientSecret(String clientSecret) {
			this.clientSecret = clientSecret;
			return this;
		}

		/**
		 * The scopes to ask for, such as {@code read} and {@code update}; the
		 * application's {@code erpnet.scopes} when none are given.
		 * @param scopes the scopes
		 * @return this builder
		 */
		public Builder scopes(String... scopes) {
			this.scopes = List.of(scopes);
			return this;
		}

		/**
		 * The token endpoint, when it is not {@code {instance-url}/id/connect/token}.
		 * @param tokenUri the token URI
		 * @return this builder
		 */
		public Builder tokenUri(String tokenUri) {
			this.tokenUri = tokenUri;
			return this;
		}

		/**
		 * {@code client_secret_post} (the application's setting by default) or
		 * {@code client_secret_basic}.
		 * @param clientAuthenticationMethod the method
		 * @return this builder
		 */
		public Builder clientAuthenticationMethod(String clientAuthenticationMethod) {
			this.clientAuthenticationMethod = clientAuthenticationMethod;
			return this;
		}

		/**
		 * The most Domain API requests in flight at once for this instance; the
		 * application's {@code erpnet.domain-api.max-concurrent-requests} by default.
		 * @param maxConcurrentRequests the limit
		 * @return this builder
		 */
		public Builder maxConcurrentRequests(int maxConcurrentRequests) {
			this.maxConcurrentRequests = maxConcurrentRequests;
			return this;
		}

		/**
		 * The most requests waiting for their turn; the application's
		 * {@code erpnet.domain-api.max-queued-requests} by default.
		 * @param maxQueuedRequests the limit
		 * @return this builder
		 */
		public Builder maxQueuedRequests(int maxQueuedRequests) {
			this.maxQueuedRequests = maxQueuedRequests;
			return this;
		}

		/**
		 * The most requests that may start in any minute, {@code 0} for no pacing; the
		 * application's {@code erpnet.domain-api.max-requests-per-minute} by default.
		 * @param maxRequestsPerMinute the limit
		 * @return this builder
		 */
		public Builder maxRequestsPerMinute(int maxRequestsPerMinute) {
			this.maxRequestsPerMinute = maxRequestsPerMinute;
			return this;
		}

		public ErpNetConnection build() {
			return new ErpNetConnection(this);
		}

	}

}
