package net.erp.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.ObservationRegistry;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetStatusHandlers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the HTTP clients that call the instance, in two kinds:
 * <ul>
 * <li><b>Domain API clients</b>, from the application's {@code WebClient.Builder} and
 * {@code RestClient.Builder} (so its codecs, customizers and observations apply) and its
 * HTTP client settings (SSL), with the ERP.net timeouts, after the
 * {@link ErpNetWebClientCustomizer}s and {@link ErpNetRestClientCustomizer}s. They never follow a redirect,
 * whatever {@code spring.http.clients.redirects} says: the JDK and other clients would
 * resend the bearer token to wherever it points, and the Domain API does not
 * redirect.</li>
 * <li><b>The token back channel</b>, which carries the client secret: a client of its
 * own that takes from the application only its SSL bundle, the JVM's proxy settings and
 * its observation registry, never its builders, customizers, codecs or connector. It
 * follows no redirect, logs no request detail and shares no connection with other
 * clients.</li>
 * </ul>
 * Their HTTP client observations carry a {@code client.name} that names the instance,
 * such as {@code erpnet:demodb.my.erp.net}.
 */
final class ErpNetHttpClients {

	private final ObjectProvider<WebClient.Builder> webClientBuilder;

	private final ObjectProvider<RestClient.Builder> restClientBuilder;

	private final ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder;

	private final ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder;

	private final ObjectProvider<HttpClientSettings> settings;

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private final ObjectProvider<ErpNetWebClientCustomizer> webClientCustomizers;

	private final ObjectProvider<ErpNetRestClientCustomizer> restClientCustomizers;

	private final boolean apiExceptions;

	private final ClassLoader classLoader;

	private final String clientName;

	private final String instanceName;

	// Shared by every instance's clients with the same timeouts: connections are per
	// origin anyway, and a JDK client per instance would start a thread per instance
	private final Map<List<Duration>, ClientHttpConnector> connectors;

	private final Map<List<Duration>, ClientHttpRequestFactory> requestFactories;

	private final Map<List<Duration>, ClientHttpConnector> tokenConnectors;

	ErpNetHttpClients(ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ErpNetWebClientCustomizer> webClientCustomizers,
			ObjectProvider<ErpNetRestClientCustomizer> restClientCustomizers, boolean apiExceptions,
			ClassLoader classLoader, String clientName) {
		this(webClientBuilder, restClientBuilder, connectorBuilder, requestFactoryBuilder, settings,
				observationRegistry, webClientCustomizers, restClientCustomizers, apiExceptions, classLoader,
				clientName, ErpNetClients.DEFAULT, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
	}

	private ErpNetHttpClients(ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ErpNetWebClientCustomizer> webClientCustomizers,
			ObjectProvider<ErpNetRestClientCustomizer> restClientCustomizers, boolean apiExceptions,
			ClassLoader classLoader, String clientName, String instanceName,
			Map<List<Duration>, ClientHttpConnector> connectors,
			Map<List<Duration>, ClientHttpRequestFactory> requestFactories,
			Map<List<Duration>, ClientHttpConnector> tokenConnectors) {
		this.webClientBuilder = webClientBuilder;
		this.restClientBuilder = restClientBuilder;
		this.connectorBuilder = connectorBuilder;
		this.requestFactoryBuilder = requestFactoryBuilder;
		this.settings = settings;
		this.observationRegistry = observationRegistry;
		this.webClientCustomizers = webClientCustomizers;
		this.restClientCustomizers = restClientCustomizers;
		this.apiExceptions = apiExceptions;
		this.classLoader = classLoader;
		this.clientName = clientName;
		this.instanceName = instanceName;
		this.connectors = connectors;
		this.requestFactories = requestFactories;
		this.tokenConnectors = tokenConnectors;
	}

	/**
	 * The HTTP clients of another instance: the same HTTP client underneath, with
	 * observations that name that instance.
	 * @param name the instance's name
	 * @param host the instance's host
	 * @return the clients of that instance
	 */
	ErpNetHttpClients forInstance(String name, String host) {
		return new ErpNetHttpClients(this.webClientBuilder, this.restClientBuilder, this.connectorBuilder,
				this.requestFactoryBuilder, this.settings, this.observationRegistry, this.webClientCustomizers,
				this.restClientCustomizers, this.apiExceptions, this.classLoader, "erpnet:" + host, name,
				this.connectors, this.requestFactories, this.tokenConnectors);
	}

	WebClient.Builder webClient(Duration connectTimeout, Duration responseTimeout) {
		return domainApi(webClientBuilder(), connectTimeout, responseTimeout);
	}

	/**
	 * A new builder of the application's, before {@link #domainApi(WebClient.Builder,
	 * Duration, Duration)}.
	 */
	WebClient.Builder webClientBuilder() {
		return this.webClientBuilder.getIfAvailable(WebClient::builder);
	}

	/**
	 * Make the given builder, such as an HTTP service group's, call the Domain API the way
	 * the ERP.net {@code WebClient} does.
	 */
	WebClient.Builder domainApi(WebClient.Builder builder, Duration connectTimeout, Duration responseTimeout) {
		ClientHttpConnector connector = this.connectors.computeIfAbsent(List.of(connectTimeout, responseTimeout),
				(timeouts) -> this.connectorBuilder
					.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(this.classLoader))
					.build(domainApiSettings(connectTimeout, responseTimeout)));
		this.webClientCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		if (this.apiExceptions) {
			builder.defaultStatusHandler(HttpStatusCode::isError, ErpNetStatusHandlers.webClient());
		}
		return builder.clientConnector(connector)
			.observationConvention(ErpNetObservationConventions.webClient(this.clientName, this.instanceName));
	}

	RestClient.Builder restClient(Duration connectTimeout, Duration responseTimeout) {
		return domainApi(restClientBuilder(), connectTimeout, responseTimeout);
	}

	/**
	 * A new builder of the application's, before {@link #domainApi(RestClient.Builder,
	 * Duration, Duration)}.
	 */
	RestClient.Builder restClientBuilder() {
		return this.restClientBuilder.getIfAvailable(RestClient::builder);
	}

	/**
	 * Make the given builder, such as an HTTP service group's, call the Domain API the way
	 * the ERP.net {@code RestClient} does.
	 */
	RestClient.Builder domainApi(RestClient.Builder builder, Duration connectTimeout, Duration responseTimeout) {
		ClientHttpRequestFactory requestFactory = this.requestFactories.computeIfAbsent(
				List.of(connectTimeout, responseTimeout),
				(timeouts) -> this.requestFactoryBuilder
					.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(this.classLoader))
					.build(domainApiSettings(connectTimeout, responseTimeout)));
		this.restClientCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		if (this.apiExceptions) {
			builder.defaultStatusHandler(HttpStatusCode::isError, ErpNetStatusHandlers.restClient());
		}
		return builder.requestFactory(requestFactory)
			.observationConvention(ErpNetObservationConventions.restClient(this.clientName, this.instanceName));
	}

	/**
	 * The client that sends token requests, with the client secret.
	 */
	WebClient tokenClient(Duration connectTimeout, Duration responseTimeout) {
		ClientHttpConnector connector = this.tokenConnectors.computeIfAbsent(List.of(connectTimeout, responseTimeout),
				(timeouts) -> tokenConnector(connectTimeout, responseTimeout));
		// Plain WebClient.builder(): default codecs, which log no form field and no header
		return WebClient.builder()
			.clientConnector(connector)
			.observationRegistry(this.observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP))
			.observationConvention(ErpNetObservationConventions.webClient(this.clientName, this.instanceName))
			.build();
	}

	private ClientHttpConnector tokenConnector(Duration connectTimeout, Duration responseTimeout) {
		HttpClientSettings settings = HttpClientSettings.ofSslBundle(applicationSettings().sslBundle())
			.withTimeouts(connectTimeout, responseTimeout)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		ClientHttpConnectorBuilder<?> connector = ClassUtils.isPresent("reactor.netty.http.client.HttpClient",
				this.classLoader) ? ReactorNettyBackChannel.connector() : ClientHttpConnectorBuilder.jdk();
		return connector.build(settings);
	}

	private HttpClientSettings domainApiSettings(Duration connectTimeout, Duration responseTimeout) {
		return applicationSettings().withTimeouts(connectTimeout, responseTimeout)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
	}

	private HttpClientSettings applicationSettings() {
		return this.settings.getIfAvailable(HttpClientSettings::defaults);
	}

	/**
	 * Reactor Netty for the back channel, kept apart so that the class loads only where
	 * Reactor Netty is present.
	 */
	private static final class ReactorNettyBackChannel {

		// A connection of its own per token request (they come once an hour): no pooled
		// connection is shared with a client that has a wiretap or handlers of the
		// application's. The JDK client honours the JVM's proxy settings by default.
		static ClientHttpConnectorBuilder<?> connector() {
			return ClientHttpConnectorBuilder.reactor()
				.withHttpClientFactory(() -> HttpClient.create(ConnectionProvider.newConnection())
					.proxyWithSystemProperties());
		}

	}

}
