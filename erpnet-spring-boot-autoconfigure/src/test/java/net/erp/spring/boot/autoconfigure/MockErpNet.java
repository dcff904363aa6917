package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.mockserver.configuration.Configuration;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.Delay;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;
import org.mockserver.socket.tls.ForwardProxyTLSX509CertificatesTrustManager;

import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * A stand-in for an ERP.net instance on a loopback port: a token endpoint that issues
 * numbered tokens and a Domain API that accepts only tokens it issued and has not
 * rejected. A second port serves the same answers under another origin.
 */
final class MockErpNet implements AutoCloseable {

	static final String CLIENT_ID = "my-service-app-id";

	static final String CLIENT_SECRET = "Zq8-plain-secret-never-shown";

	static final String TOKEN_PATH = "/id/connect/token";

	static final String API_PATH = "/api/domain/odata/";

	private static final String TOKEN_PREFIX = "eyJ-token-";

	private final ClientAndServer server;

	private final AtomicInteger tokensIssued = new AtomicInteger();

	private final AtomicInteger apiRequests = new AtomicInteger();

	private final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Long expiresIn = 3600L;

	private volatile long tokenDelayMillis;

	private volatile boolean rejectAllTokens;

	private volatile @Nullable HttpResponse tokenFailure;

	private final Queue<HttpResponse> tokenFailures = new ConcurrentLinkedQueue<>();

	private final Queue<HttpResponse> apiFailures = new ConcurrentLinkedQueue<>();

	private volatile long apiDelayMillis;

	private volatile @Nullable Function<HttpRequest, HttpResponse> apiHandler;

	private final AtomicInteger concurrentApiRequests = new AtomicInteger();

	private final AtomicInteger maxConcurrentApiRequests = new AtomicInteger();

	MockErpNet() {
		this(1000, 0, 0);
	}

	MockErpNet(int port) {
		this(1000, port);
	}

	private MockErpNet(int recordedRequests, Integer... ports) {
		this.server = ClientAndServer.startClientAndServer(Configuration.configuration()
			.localBoundIP("127.0.0.1")
			.logLevel("ERROR")
			.forwardProxyTLSX509CertificatesTrustManagerType(ForwardProxyTLSX509CertificatesTrustManager.JVM)
			.actionHandlerThreadCount(32)
			.maxLogEntries(recordedRequests), ports);
		this.server.when(request().withMethod("POST").withPath(TOKEN_PATH)).respond(this::token);
		this.server.when(request().withPath(API_PATH + ".*")).respond(this::api);
		this.server.when(request().withPath("/elsewhere")).respond((request) -> response().withStatusCode(200));
	}

	/**
	 * A server that keeps no requests for {@link #recorded(String)}, for load.
	 */
	static MockErpNet withoutRecording() {
		return new MockErpNet(1, 0, 0);
	}

	/**
	 * A context runner with the ERP.net auto-configuration pointed at this server.
	 */
	ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class, WebClientAutoConfiguration.class,
					RestClientAutoConfiguration.class))
			.withPropertyValues("erpnet.instance-url=" + url(), "erpnet.client-id=" + CLIENT_ID,
					"erpnet.client-secret=" + CLIENT_SECRET, "erpnet.scopes=read,update");
	}

	/**
	 * The same with Spring Boot's HTTP client auto-configuration, so that
	 * {@code spring.http.clients.*} choose the HTTP client and its settings.
	 */
	ApplicationContextRunner contextRunnerWithHttpClients() {
		// Reactor resources of the context's own, not the global ones that every context would
		// shut down on close, and without a quiet period
		return contextRunner()
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class))
			.withBean(ReactorResourceFactory.class, () -> {
				ReactorResourceFactory resources = new ReactorResourceFactory();
				resources.setUseGlobalResources(false);
				resources.setShutdownQuietPeriod(Duration.ZERO);
				return resources;
			});
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPorts().get(0);
	}

	/**
	 * The same server under another origin (another port).
	 */
	String otherPortUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPorts().get(1);
	}

	void expiresIn(@Nullable Long seconds) {
		this.expiresIn = seconds;
	}

	void tokenDelayMillis(long millis) {
		this.tokenDelayMillis = millis;
	}

	void tokenFailure(@Nullable HttpResponse response) {
		this.tokenFailure = response;
	}

	/**
	 * Answer the next {@code times} token requests with the response.
	 */
	void tokenFailures(HttpResponse response, int times) {
		for (int i = 0; i < times; i++) {
			this.tokenFailures.add(response);
		}
	}

	/**
	 * Answer the next {@code times} Domain API requests with the response.
	 */
	void apiFailures(HttpResponse response, int times) {
		for (int i = 0; i < times; i++) {
			this.apiFailures.add(response);
		}
	}

	/**
	 * Answer authorized Domain API requests with the handler instead of the default body.
	 */
	void apiHandler(Function<HttpRequest, HttpResponse> handler) {
		this.apiHandler = handler;
	}

	void apiDelayMillis(long millis) {
		this.apiDelayMillis = millis;
	}

	void reject(String token) {
		this.rejectedTokens.add(token);
	}

	void rejectAllTokens() {
		this.rejectAllTokens = true;
	}

	/**
	 * A loopback port nothing listens on: connections to it are refused.
	 */
	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The token the context's managers hold, read without a token request while it is
	 * valid.
	 */
	static OAuth2AccessToken cachedToken(ApplicationContext context) {
		OAuth2AuthorizedClient client = context
			.getBean("erpNetAuthorizedClientManager", OAuth2AuthorizedClientManager.class)
			.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"));
		if (client == null) {
			throw new IllegalStateException("No ERP.net token");
		}
		return client.getAccessToken();
	}

	/**
	 * The Basic credentials of {@code client_secret_basic}, as sent.
	 */
	static String basicCredentials() {
		return Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
	}

	static String token(int number) {
		return TOKEN_PREFIX + number;
	}

	int tokenRequestCount() {
		return this.tokensIssued.get();
	}

	int apiRequestCount() {
		return this.apiRequests.get();
	}

	List<HttpRequest> tokenRequests() {
		return recorded(TOKEN_PATH);
	}

	List<HttpRequest> apiRequests() {
		return recorded(API_PATH + ".*");
	}

	List<HttpRequest> recorded(String path) {
		return List.of(this.server.retrieveRecordedRequests(request().withPath(path)));
	}

	private HttpResponse token(HttpRequest request) {
		HttpResponse failure = this.tokenFailures.poll();
		failure = (failure != null) ? failure : this.tokenFailure;
		if (failure != null) {
			this.tokensIssued.incrementAndGet();
			return failure;
		}
		String token = token(this.tokensIssued.incrementAndGet());
		Long lifetime = this.expiresIn;
		String body = "{\"access_token\":\"" + token + "\","
				+ ((lifetime != null) ? "\"expires_in\":" + lifetime + "," : "")
				+ "\"token_type\":\"Bearer\",\"scope\":\"read update\"}";
		return response().withStatusCode(200)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody(body)
			.withDelay(Delay.milliseconds(this.tokenDelayMillis));
	}

	int maxConcurrentApiRequests() {
		return this.maxConcurrentApiRequests.get();
	}

	private HttpResponse api(HttpRequest request) throws InterruptedException {
		this.apiRequests.incrementAndGet();
		this.maxConcurrentApiRequests.accumulateAndGet(this.concurrentApiRequests.incrementAndGet(), Math::max);
		try {
			if (this.apiDelayMillis > 0) {
				Thread.sleep(this.apiDelayMillis);
			}
			HttpResponse failure = this.apiFailures.poll();
			return (failure != null) ? failure : answer(request);
		}
		finally {
			this.concurrentApiRequests.decrementAndGet();
		}
	}

	private HttpResponse answer(HttpRequest request) {
		String authorization = request.getFirstHeader("Authorization");
		String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
		if (this.rejectAllTokens || !token.startsWith(TOKEN_PREFIX) || this.rejectedTokens.contains(token)) {
			return response().withStatusCode(401);
		}
		Function<HttpRequest, HttpResponse> handler = this.apiHandler;
		if (handler != null) {
			return handler.apply(request);
		}
		return response().withStatusCode(200)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody("{\"value\":[{\"Number\":\"C00001\"}]}");
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
