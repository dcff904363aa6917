package net.erp.spring.boot.autoconfigure;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetConcurrencyLimiter;
import net.erp.spring.client.ErpNetRetryPolicy;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.InMemoryErpNetTokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the token-managed clients for an ERP.net instance's Domain API.
 * <p>
 * Every bean the user works with is qualified {@link net.erp.spring.ErpNet @ErpNet}, is
 * not a default candidate (so it never competes with the application's own clients and
 * managers) and backs off when the application defines a bean of the same name. The
 * authorized client managers are registered by
 * {@link ErpNetAuthorizedClientManagerRegistrar}, the clients by
 * {@link ErpNetClientsConfiguration}.
 */
@AutoConfiguration(after = { WebClientAutoConfiguration.class, RestClientAutoConfiguration.class })
@ConditionalOnClass({ WebClient.class, ReactiveOAuth2AuthorizedClientManager.class })
@ConditionalOnBooleanProperty(name = "erpnet.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ErpNetProperties.class)
@Import({ ErpNetClientsConfiguration.class, ErpNetDomainApiConfiguration.class,
		ErpNetOperationsConfiguration.HealthConfiguration.class, ErpNetOperationsConfiguration.MetricsConfiguration.class,
		ErpNetOperationsConfiguration.SanitizingConfiguration.class })
public final class ErpNetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ErpNetConnectionDetails.class)
	PropertiesErpNetConnectionDetails erpNetConnectionDetails(ErpNetProperties properties) {
		return new PropertiesErpNetConnectionDetails(properties);
	}

	@Bean
	ErpNetInstance erpNetInstance(ErpNetProperties properties, ErpNetConnectionDetails connectionDetails) {
		return ErpNetInstance.of(properties, connectionDetails);
	}

	@Bean
	static ErpNetAuthorizedClientManagerRegistrar erpNetAuthorizedClientManagerRegistrar() {
		return new ErpNetAuthorizedClientManagerRegistrar();
	}

	@Bean
	ErpNetHttpClients erpNetHttpClients(ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ErpNetWebClientCustomizer> webClientCustomizers,
			ObjectProvider<ErpNetRestClientCustomizer> restClientCustomizers, ErpNetProperties properties,
			ResourceLoader resourceLoader, ErpNetInstance instance) {
		return new ErpNetHttpClients(webClientBuilder, restClientBuilder, connectorBuilder, requestFactoryBuilder,
				settings, observationRegistry, webClientCustomizers, restClientCustomizers,
				properties.getDomainApi().isApiExceptions(), resourceLoader.getClassLoader(),
				"erpnet:" + instance.url().getHost());
	}

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	ErpNetTokenStore erpNetTokenStore() {
		return new InMemoryErpNetTokenStore();
	}

	@Bean
	@ConditionalOnMissingBean
	ErpNetConcurrencyLimiter erpNetConcurrencyLimiter(ErpNetProperties properties,
			ObjectProvider<ErpNetClientListener> listeners) {
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(
				properties.getDomainApi().getMaxConcurrentRequests(), properties.getDomainApi().getMaxQueuedRequests());
		limiter.setListener(listener(listeners));
		return limiter;
	}

	@Bean
	@ConditionalOnMissingBean
	ErpNetRetryPolicy erpNetRetryPolicy(ErpNetProperties properties, @ErpNet ObjectProvider<Clock> clock,
			ObjectProvider<ErpNetClientListener> listeners) {
		ErpNetProperties.Retry retry = properties.getDomainApi().getRetry();
		ErpNetRetryPolicy policy = new ErpNetRetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(),
				retry.getMaxBackoff(), retry.getTimeLimit(), clock.getIfAvailable(Clock::systemUTC));
		policy.setListener(listener(listeners));
		return policy;
	}

	// Every listener bean hears everything, in their order
	static ErpNetClientListener listener(ObjectProvider<ErpNetClientListener> listeners) {
		return ErpNetClientListener.of(listeners.orderedStream().toList());
	}

}
