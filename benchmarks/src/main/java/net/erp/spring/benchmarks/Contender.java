package net.erp.spring.benchmarks;

import java.time.Duration;
import java.util.Map;

import net.erp.spring.boot.autoconfigure.ErpNetAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One way of calling the stub's Domain API: a WebClient and what it needs to be closed.
 */
record Contender(String name, WebClient webClient, AutoCloseable resources) implements AutoCloseable {

	private static final String CLIENT_ID = "benchmark-client";

	private static final String CLIENT_SECRET = "benchmark-secret";

	/**
	 * The physical limit: a plain WebClient with a fixed Authorization header, no token
	 * management at all, on the same HTTP client settings as the starter's.
	 */
	static Contender limit(StubErpNet stub) {
		return new Contender("limit", fixedHeader(stub, WebClient.builder().clientConnector(httpClient())), () -> {
		});
	}

	/**
	 * A plain WebClient with a fixed Authorization header on Spring's default connector,
	 * without the connect and response timeouts the starter sets.
	 */
	static Contender limitWithoutTimeouts(StubErpNet stub) {
		return new Contender("limit without timeouts", fixedHeader(stub, WebClient.builder()), () -> {
		});
	}

	private static WebClient fixedHeader(StubErpNet stub, WebClient.Builder builder) {
		return builder.baseUrl(stub.url() + "/api/domain/odata/")
			.defaultHeader("Authorization", "Bearer fixed-token" + StubErpNet.TOKEN_PADDING)
			.build();
	}

	/**
	 * The Reactor Netty connector the starter builds for its WebClient, with its default
	 * Domain API timeouts, so that all contenders send through the same HTTP client.
	 */
	private static ClientHttpConnector httpClient() {
		return ClientHttpConnectorBuilder.detect()
			.build(HttpClientSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60)));
	}

	/**
	 * The client credentials WebClient a Spring developer writes from the Spring Security
	 * reference, with default settings.
	 */
	static Contender peer(StubErpNet stub) {
		ClientRegistration registration = ClientRegistration.withRegistrationId("erpnet")
			.clientId(CLIENT_ID)
			.clientSecret(CLIENT_SECRET)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("read")
			.tokenUri(stub.url() + "/id/connect/token")
			.build();
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				registration);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				registrations, new InMemoryReactiveOAuth2AuthorizedClientService(registrations));
		manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
		ServerOAuth2AuthorizedClientExchangeFilterFunction filter = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				manager);
		filter.setDefaultClientRegistrationId("erpnet");
		WebClient webClient = WebClient.builder()
			.clientConnector(httpClient())
			.baseUrl(stub.url() + "/api/domain/odata/")
			.filter(filter)
			.build();
		return new Contender("peer", webClient, () -> {
		});
	}

	/**
	 * The starter's {@code erpNetWebClient}, from a minimal application context.
	 * @param maxConcurrentRequests the concurrency limit
	 */
	static Contender erpNet(StubErpNet stub, String name, int maxConcurrentRequests, Map<String, Object> extra) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn", "erpnet.instance-url=" + stub.url(),
					"erpnet.client-id=" + CLIENT_ID, "erpnet.client-secret=" + CLIENT_SECRET,
					"erpnet.domain-api.max-concurrent-requests=" + maxConcurrentRequests,
					"erpnet.domain-api.max-queued-requests=100000",
					// The stub has no rate limit: measure the client, not ERP.net's 600 a minute
					"erpnet.domain-api.max-requests-per-minute=0");
		builder.properties(extra);
		ConfigurableApplicationContext context = builder.run();
		return new Contender(name, context.getBean("erpNetWebClient", WebClient.class), context::close);
	}

	@Override
	public void close() throws Exception {
		this.resources.close();
	}

	@ImportAutoConfiguration({ WebClientAutoConfiguration.class, ErpNetAutoConfiguration.class })
	static class Application {

	}

}
