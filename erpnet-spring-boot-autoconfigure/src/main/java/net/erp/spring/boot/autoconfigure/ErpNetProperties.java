package net.erp.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	private final TokenRequest tokenRequest = new TokenRequest();

	private final DomainApi domainApi = new DomainApi();

	private final ProblemDetails problemDetails = new ProblemDetails();

	private final DefaultInstance defaultInstance = new DefaultInstance();

	private final RuntimeInstances runtimeInstances = new RuntimeInstances();

	private final Cluster cluster = new Cluster();

	/**
	 * Named instances, injected with {@code @ErpNet("<name>")}. Each takes the same keys
	 * as the flat ones and every key it does not set from them, except instance-url,
	 * client-id, client-secret and token-uri.
	 */
	private final Map<String, Instance> instances = new LinkedHashMap<>();

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

	public TokenRequest getTokenRequest() {
		return this.tokenRequest;
	}

	public DomainApi getDomainApi() {
		return this.domainApi;
	}

	public ProblemDetails getProblemDetails() {
		return this.problemDetails;
	}

	public Map<String, Instance> getInstances() {
		return this.instances;
	}

	public DefaultInstance getDefaultInstance() {
		return this.defaultInstance;
	}

	public RuntimeInstances getRuntimeInstances() {
		return this.runtimeInstances;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	@Override
	public String toString() {
		return "ErpNetProperties[instanceUrl=" + this.instanceUrl + ", clientId=" + this.clientId + ", clientSecret="
				+ ((this.clientSecret != null) ? "******" : null) + ", scopes=" + this.scopes + "]";
	}

	/**
	 * Token request properties.
	 */
	public static class TokenRequest {

		/**
		 * Connect timeout of token requests.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Response timeout of token requests.
		 */
		private Duration responseTimeout = Duration.ofSeconds(10);

		/**
		 * Attempts in all of a token request that fails with a connection failure, a
		 * timeout or a 5xx answer; OAuth2 errors are never retried.
		 */
		private int maxAttempts = 3;

		/**
		 * Delay before the first retry of a token request; it doubles with each further
		 * one.
		 */
		private Duration backoff = Duration.ofMillis(500);

		/**
		 * How long after Instance ID rejected the client with an OAuth2 error every call
		 * fails at once with the same error instead of asking again.
		 */
		private Duration errorCooldown = Duration.ofSeconds(10);

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getResponseTimeout() {
			return this.responseTimeout;
		}

		public void setResponseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

		public Duration getErrorCooldown() {
			return this.errorCooldown;
		}

		public void setErrorCooldown(Duration errorCooldown) {
			this.errorCooldown = errorCooldown;
		}

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
		 * Maximum number of Domain API requests under way to the instance at once, for the
		 * WebClient and the RestClient together; ERP.net serves one request per session at
		 * a time by default.
		 */
		private int maxConcurrentRequests = 1;

		/**
		 * Maximum number of Domain API requests waiting for their turn; beyond it a
		 * request fails at once. The default is Reactor's flatMap concurrency.
		 */
		private int maxQueuedRequests = 256;

		/**
		 * Maximum number of Domain API requests that start in any minute, per instance
		 * (ERP.net allows 600 a minute per session and answers 429 beyond); 0 for no
		 * pacing.
		 */
		private int maxRequestsPerMinute = 600;

		/**
		 * Connect timeout of Domain API requests.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Response timeout of Domain API requests.
		 */
		private Duration responseTimeout = Duration.ofSeconds(60);

		/**
		 * Page size ($top) when reading all entities of a query; at most 1000, as ERP.net
		 * advises.
		 */
		private int pageSize = 1000;

		/**
		 * Whether the ERP.net clients, and the interfaces of the erpnet HTTP service
		 * groups, turn every error answer into an ErpNetApiException (ERP.net's error code,
		 * type and message) instead of Spring's WebClientResponseException or
		 * RestClientResponseException.
		 */
		private boolean apiExceptions;

		private final Retry retry = new Retry();

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

		public int getMaxQueuedRequests() {
			return this.maxQueuedRequests;
		}

		public void setMaxQueuedRequests(int maxQueuedRequests) {
			this.maxQueuedRequests = maxQueuedRequests;
		}

		public int getMaxRequestsPerMinute() {
			return this.maxRequestsPerMinute;
		}

		public void setMaxRequestsPerMinute(int maxRequestsPerMinute) {
			this.maxRequestsPerMinute = maxRequestsPerMinute;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getResponseTimeout() {
			return this.responseTimeout;
		}

		public void setResponseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
		}

		public int getPageSize() {
			return this.pageSize;
		}

		public void setPageSize(int pageSize) {
			this.pageSize = pageSize;
		}

		public boolean isApiExceptions() {
			return this.apiExceptions;
		}

		public void setApiExceptions(boolean apiExceptions) {
			this.apiExceptions = apiExceptions;
		}

		public Retry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Retry properties of Domain API requests: 429 always, 502, 503, 504 and connection
	 * failures for idempotent methods; never 500 or other 4xx.
	 */
	public static class Retry {

		/**
		 * Attempts in all of a Domain API request, the first included.
		 */
		private int maxAttempts = 4;

		/**
		 * Backoff before the first retry when the server names no Retry-After; it doubles
		 * with each further one, with jitter.
		 */
		private Duration initialBackoff = Duration.ofMillis(500);

		/**
		 * Longest backoff between two attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(10);

		/**
		 * How long after the first attempt a retry may still start.
		 */
		private Duration timeLimit = Duration.ofSeconds(60);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getTimeLimit() {
			return this.timeLimit;
		}

		public void setTimeLimit(Duration timeLimit) {
			this.timeLimit = timeLimit;
		}

	}

	/**
	 * Problem details for the application's endpoints.
	 */
	/**
	 * A named instance: where it is and how to authenticate, none of it inherited. Its
	 * other keys ({@code scopes}, {@code domain-api.*}, {@code token-request.*}, ...) are
	 * those of {@code erpnet.*}.
	 */
	public static class Instance {

		/**
		 * URL of the instance, for example https://demodb.my.erp.net.
		 */
		private @Nullable String instanceUrl;

		/**
		 * ApplicationUri of the instance's trusted application.
		 */
		private @Nullable String clientId;

		/**
		 * Plain secret of the trusted application.
		 */
		private @Nullable String clientSecret;

		/**
		 * Token endpoint; {instance-url}/id/connect/token by default.
		 */
		private @Nullable String tokenUri;

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

		public @Nullable String getTokenUri() {
			return this.tokenUri;
		}

		public void setTokenUri(@Nullable String tokenUri) {
			this.tokenUri = tokenUri;
		}

		@Override
		public String toString() {
			return "Instance[instanceUrl=" + this.instanceUrl + ", clientId=" + this.clientId + ", clientSecret="
					+ ((this.clientSecret != null) ? "******" : null) + "]";
		}

	}

	/**
	 * Replicas that share their tokens through Redis.
	 */
	public static class Cluster {

		/**
		 * Whether every instance shares its token with the replicas that use the same
		 * Redis (spring.data.redis.*) and the same trusted application.
		 */
		private boolean enabled;

		/**
		 * Prefix of the Redis keys.
		 */
		private String keyPrefix = "erpnet:";

		/**
		 * What calls do while Redis cannot be reached: go on with the replica's own
		 * token ("local"), or fail ("fail").
		 */
		private OnUnavailable onUnavailable = OnUnavailable.LOCAL;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public OnUnavailable getOnUnavailable() {
			return this.onUnavailable;
		}

		public void setOnUnavailable(OnUnavailable onUnavailable) {
			this.onUnavailable = onUnavailable;
		}

		/**
		 * What calls do while Redis cannot be reached.
		 */
		public enum OnUnavailable {

			/**
			 * Go on with the replica's own token.
			 */
			LOCAL,

			/**
			 * Fail at once.
			 */
			FAIL

		}

	}

	/**
	 * The default instance, of the flat keys.
	 */
	public static class DefaultInstance {

		/**
		 * Whether there is a default instance. False for an application whose instances
		 * are all named or registered at run time: then erpnet.instance-url is not
		 * required, and there are no unqualified beans.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Instances registered at run time through ErpNetClients.
	 */
	public static class RuntimeInstances {

		/**
		 * How long an instance registered at run time may send no request before it is
		 * removed, its token dropped and its meters with it. Unset: never.
		 */
		private @Nullable Duration idleTimeout;

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	public static class ProblemDetails {

		/**
		 * Whether an ErpNetApiException that escapes a WebFlux or MVC controller becomes
		 * an RFC 9457 problem with status 502 and the ERP.net code, type and message.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
