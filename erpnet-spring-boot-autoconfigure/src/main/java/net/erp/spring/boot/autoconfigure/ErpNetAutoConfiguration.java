package net.erp.spring.boot.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConcurrencyLimiter;
import net.erp.spring.client.ErpNetRetryPolicy;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.InMemoryErpNetTokenStore;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;
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
@Import({ ErpNetClusterConfiguration.RedisTokenStoreConfiguration.class,
		ErpNetClusterConfiguration.NoRedisConfiguration.class, ErpNetClientsConfiguration.class,
		ErpNetDomainApiConfiguration.class,
		ErpNetOperationsConfiguration.HealthConfiguration.class, ErpNetOperationsConfiguration.MetricsConfiguration.class,
		ErpNetOperationsConfiguration.SanitizingConfiguration.class })
public final class ErpNetAutoConfiguration {

	@Bean
	@ConditionalOnDefaultErpNetInstance
	@ConditionalOnMissingBean(ErpNetConnectionDetails.class)
	PropertiesErpNetConnectionDetails erpNetConnectionDetails(ErpNetProperties properties) {
		return new PropertiesErpNetConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnDefaultErpNetInstance
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
			ResourceLoader resourceLoader, ObjectProvider<ErpNetInstance> instance) {
		ErpNetInstance defaultInstance = instance.getIfAvailable();
		return new ErpNetHttpClients(webClientBuilder, restClientBuilder, connectorBuilder, requestFactoryBuilder,
				settings, observationRegistry, webClientCustomizers, restClientCustomizers,
				properties.getDomainApi().isApiExceptions(), resourceLoader.getClassLoader(),
				(defaultInstance != null) ? "erpnet:" + defaultInstance.url().getHost() : "erpnet");
	}

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	ErpNetTokenStore erpNetTokenStore() {
		return new InMemoryErpNetTokenStore();
	}

	@Bean
	@ConditionalOnDefaultErpNetInstance
	@ConditionalOnMissingBean
	ErpNetConcurrencyLimiter erpNetConcurrencyLimiter(ErpNetProperties properties,
			ObjectProvider<ErpNetClientListener> listeners, ErpNetInstance instance, ErpNetTokenStore tokenStore) {
		return ErpNetInstanceClients.concurrencyLimiter(properties, listener(listeners), instance, tokenStore);
	}

	@Bean
	@ConditionalOnDefaultErpNetInstance
	@ConditionalOnMissingBean
	ErpNetRetryPolicy erpNetRetryPolicy(ErpNetProperties properties, @ErpNet ObjectProvider<Clock> clock,
			ObjectProvider<ErpNetClientListener> listeners) {
		return ErpNetInstanceClients.retryPolicy(properties, clock.getIfAvailable(Clock::systemUTC),
				listener(listeners));
	}

	// Eager: the named instances are checked at start-up. What their clients are built
	// from is looked up on first use, so that start-up resolves no listener or store.
	@Bean
	@ConditionalOnMissingBean
	ErpNetClients erpNetClients(Environment environment, ErpNetProperties properties,
			ListableBeanFactory beanFactory,
			ObjectProvider<ErpNetInstance> defaultInstance, ObjectProvider<ErpNetHttpClients> httpClients,
			ObjectProvider<ErpNetTokenStore> tokenStore, @ErpNet ObjectProvider<Clock> clock,
			@Qualifier("erpNetInstanceMeters") ObjectProvider<DefaultErpNetClients.InstanceMeters> meters) {
		ErpNetInstance instance = defaultInstance.getIfAvailable();
		return new DefaultErpNetClients(Binder.get(environment),
				(instance != null) ? new ErpNetDefaultInstance(beanFactory, instance) : null,
				properties.getRuntimeInstances().getIdleTimeout(),
				() -> new DefaultErpNetClients.Parts(httpClients.getObject(), tokenStore.getObject(),
						clock.getIfAvailable(Clock::systemUTC), applicationListener(beanFactory),
						meters.getIfAvailable(() -> (name, host) -> ErpNetClientListener.NONE)));
	}

	// The default instance's meters listen as a bean; every other listener bean hears all
	private static ErpNetClientListener applicationListener(ListableBeanFactory beanFactory) {
		Map<String, ErpNetClientListener> listeners = new LinkedHashMap<>(
				beanFactory.getBeansOfType(ErpNetClientListener.class));
		listeners.remove("erpNetClientListener");
		List<ErpNetClientListener> applicationListeners = new ArrayList<>(listeners.values());
		AnnotationAwareOrderComparator.sort(applicationListeners);
		return ErpNetClientListener.of(applicationListeners);
	}

	// Every listener bean hears everything, in their order
	static ErpNetClientListener listener(ObjectProvider<ErpNetClientListener> listeners) {
		return ErpNetClientListener.of(listeners.orderedStream().toList());
	}

}
