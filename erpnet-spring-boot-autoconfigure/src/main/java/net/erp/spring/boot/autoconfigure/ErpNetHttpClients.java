package net.erp.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the HTTP clients that call the instance from the application's
 * {@code WebClient.Builder} and {@code RestClient.Builder} (so its codecs, customizers and
 * observations apply) and from its HTTP client settings (SSL, redirects), with the
 * ERP.net connect and response timeouts. Their HTTP client observations carry a
 * {@code client.name} that names the instance, such as
 * {@code erpnet:demodb.my.erp.net}.
 */
final class ErpNetHttpClients {

	private final ObjectProvider<WebClient.Builder> webClientBuilder;

	private final ObjectProvider<RestClient.Builder> restClientBuilder;

	private final ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder;

	private final ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder;

	private final ObjectProvider<HttpClientSettings> settings;

	private final ClassLoader classLoader;

	private final String clientName;

	ErpNetHttpClients(ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> settings, ClassLoader classLoader, String clientName) {
		this.webClientBuilder = webClientBuilder;
		this.restClientBuilder = restClientBuilder;
		this.connectorBuilder = connectorBuilder;
		this.requestFactoryBuilder = requestFactoryBuilder;
		this.settings = settings;
		this.classLoader = classLoader;
		this.clientName = clientName;
	}

	WebClient.Builder webClient(Duration connectTimeout, Duration responseTimeout) {
		ClientHttpConnectorBuilder<?> connector = this.connectorBuilder
			.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(this.classLoader));
		return this.webClientBuilder.getIfAvailable(WebClient::builder)
			.clientConnector(connector.build(settings(connectTimeout, responseTimeout)))
			.observationConvention(ErpNetObservationConventions.webClient(this.clientName));
	}

	RestClient.Builder restClient(Duration connectTimeout, Duration responseTimeout) {
		ClientHttpRequestFactoryBuilder<?> requestFactory = this.requestFactoryBuilder
			.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(this.classLoader));
		return this.restClientBuilder.getIfAvailable(RestClient::builder)
			.requestFactory(requestFactory.build(settings(connectTimeout, responseTimeout)))
			.observationConvention(ErpNetObservationConventions.restClient(this.clientName));
	}

	private HttpClientSettings settings(Duration connectTimeout, Duration responseTimeout) {
		return this.settings.getIfAvailable(HttpClientSettings::defaults).withTimeouts(connectTimeout, responseTimeout);
	}

}
