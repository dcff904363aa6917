package net.erp.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;
import org.mockserver.configuration.Configuration;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;
import org.mockserver.socket.tls.ForwardProxyTLSX509CertificatesTrustManager;

import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * An emulator of one ERP.net instance on a loopback port, built on MockServer: Instance
 * ID's token endpoint ({@code POST /id/connect/token}, client credentials) and the Domain
 * API ({@code /api/domain/odata/}), with counters and injectable faults for tests.
 * <pre class="code">
 * try (ErpNetMockInstance erpNet = ErpNetMockInstance.demo().start()) {
 *     // erpnet.instance-url = erpNet.url(), client-id / client-secret = DEMO_CLIENT_ID / DEMO_CLIENT_SECRET
 * }
 * </pre>
 */
public final class ErpNetMockInstance implements AutoCloseable {

	/**
	 * Client id of the demo trusted application.
	 */
	public static final String DEMO_CLIENT_ID = "net.erp.spring/demo";

	/**
	 * Secret of the demo trusted application. It is public: use it with the emulator only.
	 */
	public static final String DEMO_CLIENT_SECRET = "demo-secret-for-the-emulator-only";

	/**
	 * Entity set of the 25 demo customers.
	 */
	public static final String CUSTOMERS = "Crm_Sales_Customers";

	private static final String ADMIN_PATH = "/_emulator/";

	private static final ObjectMapper objectMapper = new ObjectMapper();

	private final ClientAndServer server;

	private final String url;

	private final TokenEndpoint tokenEndpoint;

	private final DomainApi domainApi;

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final AtomicInteger apiRequests = new AtomicInteger();

	private final AtomicInteger apiRequestsWithoutToken = new AtomicInteger();

	private final AtomicInteger concurrentApiRequests = new AtomicInteger();

	private final AtomicInteger maxConcurrentApiRequests = new AtomicInteger();

	private final Queue<Fault> tokenFaults = new ConcurrentLinkedQueue<>();

	private final Queue<Fault> apiFaults = new ConcurrentLinkedQueue<>();

	private volatile Duration apiDelay = Duration.ZERO;

	private final SessionLimits sessions = new SessionLimits();

	private ErpNetMockInstance(Builder builder) {
		this.server = ClientAndServer.startClientAndServer(
				Configuration.configuration()
					.localBoundIP(builder.host)
					.logLevel("ERROR")
					// The emulator never proxies; this also silences MockServer's warning about it
					.forwardProxyTLSX509CertificatesTrustManagerType(ForwardProxyTLSX509CertificatesTrustManager.JVM)
					.actionHandlerThreadCount(64)
					.maxLogEntries(100),
				builder.port);
		this.url = "http://" + builder.host + ":" + this.server.getLocalPort();
		this.tokenEndpoint = new TokenEndpoint(builder.applications, this.url + "/id", builder.tokenLifetime,
				Clock.systemUTC());
		this.domainApi = new DomainApi(this.url + DomainApi.PATH, builder.entitySets);
		this.sessions.enforce(builder.enforceSessionLimits);
		this.server.when(request()).respond(this::handle);
	}

	/**
	 * A builder for an instance with the demo trusted application
	 * ({@link #DEMO_CLIENT_ID}, scopes {@code read} and {@code update}) and the 25 demo
	 * customers in {@link #CUSTOMERS}.
	 * @return the builder
	 */
	public static Builder demo() {
		return builder().trustedApplication(TrustedApplication.of(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET))
			.entitySet(CUSTOMERS, ErpNetMockInstance.class.getResourceAsStream("demo-customers.json"));
	}

	/**
	 * A builder for an empty instance.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The instance URL, for {@code erpnet.instance-url}, for example
	 * {@code http://127.0.0.1:41235}.
	 * @return the URL
	 */
	public String url() {
		return this.url;
	}

	/**
	 * The {@code erpnet.*} properties that point the starter at this instance as the
	 * given trusted application.
	 * @param clientId the client id
	 * @param clientSecret the plain secret
	 * @return the properties
	 */
	public Map<String, String> properties(String clientId, String clientSecret) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("erpnet.instance-url", this.url);
		properties.put("erpnet.client-id", clientId);
		properties.put("erpnet.client-secret", clientSecret);
		return properties;
	}

	/**
	 * The {@code erpnet.*} properties for the demo trusted application, with the scopes
	 * {@code read} and {@code update}.
	 * @return the properties
	 */
	public Map<String, String> demoProperties() {
		Map<String, String> properties = properties(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
		properties.put("erpnet.scopes", "read,update");
		return properties;
	}

	/**
	 * How many requests reached the token endpoint.
	 * @return the count
	 */
	public int tokenRequestCount() {
		return this.tokenRequests.get();
	}

	/**
	 * How many requests reached the Domain API, answered or rejected.
	 * @return the count
	 */
	public int apiRequestCount() {
		return this.apiRequests.get();
	}

	/**
	 * How many requests reached the Domain API without an {@code Authorization} header.
	 * @return the count
	 */
	public int apiRequestWithoutTokenCount() {
		return this.apiRequestsWithoutToken.get();
	}

	/**
	 * Trust one more application from now on, as when a tenant is added while the
	 * emulator runs.
	 * @param application the application
	 */
	public void addTrustedApplication(TrustedApplication application) {
		this.tokenEndpoint.add(application);
	}

	/**
	 * The largest number of Domain API requests served at the same time.
	 * @return the count
	 */
	public int maxConcurrentApiRequests() {
		return this.maxConcurrentApiRequests.get();
	}

	/**
	 * Reset the counters.
	 */
	public void resetCounts() {
		this.tokenRequests.set(0);
		this.apiRequests.set(0);
		this.apiRequestsWithoutToken.set(0);
		this.maxConcurrentApiRequests.set(0);
		this.sessions.reset();
	}

	/**
	 * Enforce ERP.net's limits per session (per access token) from now on, or stop: one
	 * Domain API request at a time with five more waiting, 600 requests a minute, and one
	 * transaction at a time; beyond any of them the answer is HTTP 429. Off by default.
	 * @param enforce whether to enforce them
	 */
	public void enforceSessionLimits(boolean enforce) {
		this.sessions.enforce(enforce);
	}

	/**
	 * How many sessions Domain API requests used: the distinct tokens they carried.
	 * {@link #resetCounts()} starts them over, with the limits' counts.
	 * @return the count
	 */
	public int sessionCount() {
		return this.sessions.sessionCount();
	}

	/**
	 * How many Domain API requests the session limits refused with HTTP 429.
	 * @return the count
	 */
	public int tooManyRequestsCount() {
		return this.sessions.tooManyRequestsCount();
	}

	/**
	 * The most Domain API requests that one session had at the server at once, served
	 * or waiting: above 1, clients of the session did not wait for each other.
	 * @return the count
	 */
	public int maxRequestsAtOnce() {
		return this.sessions.maxRequestsAtOnce();
	}

	/**
	 * Revoke every token issued so far: the Domain API answers 401 to them.
	 */
	public void revokeAllTokens() {
		this.tokenEndpoint.revokeAll();
	}

	/**
	 * Set the lifetime of tokens issued from now on.
	 * @param lifetime the lifetime
	 */
	public void tokenLifetime(Duration lifetime) {
		this.tokenEndpoint.lifetime(lifetime);
	}

	/**
	 * Answer the next {@code times} token requests with the fault.
	 * @param fault the fault
	 * @param times how many requests
	 */
	public void failTokenRequests(Fault fault, int times) {
		for (int i = 0; i < times; i++) {
			this.tokenFaults.add(fault);
		}
	}

	/**
	 * Answer the next {@code times} Domain API requests with the fault.
	 * @param fault the fault
	 * @param times how many requests
	 */
	public void failApiRequests(Fault fault, int times) {
		for (int i = 0; i < times; i++) {
			this.apiFaults.add(fault);
		}
	}

	/**
	 * Delay every Domain API answer.
	 * @param delay the delay, {@link Duration#ZERO} for none
	 */
	public void apiDelay(Duration delay) {
		this.apiDelay = delay;
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private HttpResponse handle(HttpRequest request) throws InterruptedException {
		String path = request.getPath().getValue();
		if (path.equals("/id/connect/token")) {
			this.tokenRequests.incrementAndGet();
			Fault fault = this.tokenFaults.poll();
			return (fault != null) ? answer(fault) : this.tokenEndpoint.handle(request);
		}
		if (path.startsWith(DomainApi.PATH)) {
			this.apiRequests.incrementAndGet();
			if (request.getFirstHeader("Authorization").isEmpty()) {
				this.apiRequestsWithoutToken.incrementAndGet();
			}
			this.maxConcurrentApiRequests.accumulateAndGet(this.concurrentApiRequests.incrementAndGet(), Math::max);
			try {
				Fault fault = this.apiFaults.poll();
				if (fault != null) {
					sleep(this.apiDelay);
					return answer(fault);
				}
				String authorization = request.getFirstHeader("Authorization");
				TokenEndpoint.IssuedToken token = this.tokenEndpoint.validToken(authorization);
				if (token == null) {
					sleep(this.apiDelay);
					return response().withStatusCode(401)
						.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
				}
				// The delay is the server's work: under the session's limits
				return this.sessions.serve(authorization, path.substring(DomainApi.PATH.length()), () -> {
					sleepUninterruptibly(this.apiDelay);
					return this.domainApi.handle(request, token.scopes());
				});
			}
			finally {
				this.concurrentApiRequests.decrementAndGet();
			}
		}
		if (path.startsWith(ADMIN_PATH)) {
			return admin(path.substring(ADMIN_PATH.length()), request);
		}
		return DomainApi.error(404, "NotFound", "Nothing is served at " + path + ".");
	}

	// What the container's clients use to reach the emulator in another JVM
	private HttpResponse admin(String action, HttpRequest request) {
		switch (action) {
			case "stats" -> {
				ObjectNode stats = objectMapper.createObjectNode();
				stats.put("tokenRequests", tokenRequestCount());
				stats.put("apiRequests", apiRequestCount());
				stats.put("maxConcurrentApiRequests", maxConcurrentApiRequests());
				stats.put("sessions", sessionCount());
				stats.put("tooManyRequests", tooManyRequestsCount());
				stats.put("maxRequestsAtOnce", maxRequestsAtOnce());
				return response().withContentType(MediaType.APPLICATION_JSON).withBody(stats.toString());
			}
			case "reset-counts" -> resetCounts();
			case "revoke-tokens" -> revokeAllTokens();
			case "token-lifetime" -> tokenLifetime(Duration.parse(request.getBodyAsString().trim()));
			default -> {
				return DomainApi.error(404, "NotFound", "Unknown emulator action '" + action + "'.");
			}
		}
		return response().withStatusCode(204);
	}

	private static HttpResponse answer(Fault fault) throws InterruptedException {
		sleep(fault.delay());
		HttpResponse response = response().withStatusCode(fault.status());
		if (fault.retryAfter() != null) {
			response.withHeader("Retry-After", fault.retryAfter());
		}
		if (fault.body() != null) {
			response.withContentType(MediaType.APPLICATION_JSON).withBody(fault.body());
		}
		return response;
	}

	private static void sleepUninterruptibly(Duration delay) {
		try {
			sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(Duration delay) throws InterruptedException {
		if (!delay.isZero() && !delay.isNegative()) {
			Thread.sleep(delay.toMillis());
		}
	}

	/**
	 * Run the demo instance until the process ends, for a container or a demo, and print
	 * the properties that point an application at it. Arguments: {@code --port=N} (default
	 * a free port), {@code --host=H} (default 127.0.0.1) and {@code --token-lifetime=PT1H}.
	 * @param args the arguments
	 * @throws InterruptedException if interrupted while running
	 */
	public static void main(String[] args) throws InterruptedException {
		ErpNetMockInstance instance = start(args, System.out);
		Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
		new CountDownLatch(1).await();
	}

	static ErpNetMockInstance start(String[] args, PrintStream out) {
		Builder builder = demo();
		for (String arg : args) {
			String[] nameAndValue = arg.replaceFirst("^--", "").split("=", 2);
			switch (nameAndValue[0]) {
				case "port" -> builder.port(Integer.parseInt(nameAndValue[1]));
				case "host" -> builder.host(nameAndValue[1]);
				case "token-lifetime" -> builder.tokenLifetime(Duration.parse(nameAndValue[1]));
				default -> throw new IllegalArgumentException("Unknown argument " + arg);
			}
		}
		ErpNetMockInstance instance = builder.start();
		// The demo secret is public (DEMO_CLIENT_SECRET): printed so that an application can use it
		out.println("ERP.net emulator started at " + instance.url() + "; point an application at it with");
		instance.demoProperties().forEach((name, value) -> out.println("  " + name + "=" + value));
		out.flush();
		return instance;
	}

	/**
	 * Builds and starts an {@link ErpNetMockInstance}.
	 */
	public static final class Builder {

		private final List<TrustedApplication> applications = new ArrayList<>();

		private final Map<String, List<ObjectNode>> entitySets = new LinkedHashMap<>();

		private String host = "127.0.0.1";

		private int port;

		private Duration tokenLifetime = Duration.ofHours(1);

		private boolean enforceSessionLimits;

		private Builder() {
		}

		/**
		 * Enforce ERP.net's limits per session, as
		 * {@link ErpNetMockInstance#enforceSessionLimits(boolean)} does.
		 * @return this builder
		 */
		public Builder enforceSessionLimits() {
			this.enforceSessionLimits = true;
			return this;
		}

		/**
		 * Add a trusted application.
		 * @param application the application
		 * @return this builder
		 */
		public Builder trustedApplication(TrustedApplication application) {
			this.applications.add(application);
			return this;
		}

		/**
		 * Add (or replace) an entity set from JSON: a collection response
		 * ({@code {"value": [...]}}) or an array of entities.
		 * @param name the entity set, for example {@code Crm_Sales_Customers}
		 * @param json the JSON
		 * @return this builder
		 */
		public Builder entitySet(String name, @Nullable InputStream json) {
			if (json == null) {
				throw new IllegalArgumentException("No JSON for entity set " + name);
			}
			try (json) {
				JsonNode node = objectMapper.readTree(json);
				JsonNode entities = node.isArray() ? node : node.path("value");
				List<ObjectNode> list = new ArrayList<>();
				entities.forEach((entity) -> list.add((ObjectNode) entity));
				this.entitySets.put(name, list);
				return this;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read entity set " + name, ex);
			}
		}

		/**
		 * Add (or replace) an entity set built in code.
		 * @param name the entity set
		 * @param entities the entities, each a map of attribute names to values
		 * @return this builder
		 */
		public Builder entitySet(String name, List<Map<String, ?>> entities) {
			this.entitySets.put(name,
					entities.stream().map((entity) -> objectMapper.<ObjectNode>valueToTree(entity)).toList());
			return this;
		}

		/**
		 * Set the lifetime of issued tokens ({@code expires_in}); an hour by default, as
		 * on ERP.net.
		 * @param tokenLifetime the lifetime
		 * @return this builder
		 */
		public Builder tokenLifetime(Duration tokenLifetime) {
			this.tokenLifetime = tokenLifetime;
			return this;
		}

		/**
		 * Set the address to listen on; {@code 127.0.0.1} by default.
		 * @param host the address
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = host;
			return this;
		}

		/**
		 * Set the port; a free one by default.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Start the instance.
		 * @return the running instance
		 */
		public ErpNetMockInstance start() {
			return new ErpNetMockInstance(this);
		}

	}

}
