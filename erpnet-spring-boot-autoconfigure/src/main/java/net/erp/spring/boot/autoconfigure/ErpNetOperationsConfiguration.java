package net.erp.spring.boot.autoconfigure;

import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.SharedErpNetTokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What operating the ERP.net client needs, each part only where its library is present:
 * the {@code erpnet} health with a child per instance, Micrometer meters, and masking
 * of the client secrets in the actuator's {@code configprops} and {@code env} output.
 */
final class ErpNetOperationsConfiguration {

	private ErpNetOperationsConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("erpnet")
	static class HealthConfiguration {

		// Named so that Spring Boot calls it erpnet; an erpnetHealthIndicator of the
		// application's would take that name too
		@Bean
		@ConditionalOnMissingBean(name = { "erpnetHealthContributor", "erpnetHealthIndicator" })
		CompositeReactiveHealthContributor erpnetHealthContributor(ErpNetClients clients,
				ObjectProvider<ErpNetTokenStore> tokenStore) {
			return new ErpNetHealthContributor(clients, tokenStore.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		// By name: an application's own listeners hear the same as the meters do
		@Bean
		@ConditionalOnDefaultErpNetInstance
		@ConditionalOnMissingBean(name = "erpNetClientListener")
		ErpNetClientListener erpNetClientListener(ObjectProvider<MeterRegistry> meterRegistry, ErpNetInstance instance) {
			MeterRegistry registry = meterRegistry.getIfAvailable();
			return (registry != null) ? new MicrometerErpNetClientListener(registry, instance.url().getHost(),
					ErpNetClients.DEFAULT)
					: ErpNetClientListener.NONE;
		}

		// Bound to the registry by Spring Boot's metrics
		@Bean
		@ConditionalOnBooleanProperty("erpnet.cluster.enabled")
		@ConditionalOnMissingBean(name = "erpNetClusterMeters")
		MeterBinder erpNetClusterMeters(ObjectProvider<ErpNetTokenStore> tokenStore) {
			return (registry) -> {
				if (tokenStore.getIfAvailable() instanceof SharedErpNetTokenStore shared) {
					FunctionCounter
						.builder("erpnet.cluster.fallbacks", shared, SharedErpNetTokenStore::getFallbackCount)
						.description("Times this replica went on with its own token because Redis did not answer")
						.register(registry);
				}
			};
		}

		// The meters of each other instance, tagged with its name
		@Bean
		@ConditionalOnMissingBean(name = "erpNetInstanceMeters")
		DefaultErpNetClients.InstanceMeters erpNetInstanceMeters(
				ObjectProvider<MeterRegistry> meterRegistry) {
			return (name, host) -> {
				MeterRegistry registry = meterRegistry.getIfAvailable();
				return (registry != null) ? new MicrometerErpNetClientListener(registry, host, name)
						: ErpNetClientListener.NONE;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		// Spring Boot shows every value with show-values=always; the secret stays hidden
		@Bean
		SanitizingFunction erpNetClientSecretSanitizingFunction() {
			return (data) -> isClientSecret(data.getKey()) ? data.withSanitizedValue() : data;
		}

		private static boolean isClientSecret(String key) {
			String name = key.toLowerCase(Locale.ROOT).replaceAll("[-_.\\[\\]]", "");
			// erpnet.client-secret, or erpnet.instances.<name>.client-secret
			return name.equals("erpnetclientsecret")
					|| name.startsWith("erpnetinstances") && name.endsWith("clientsecret");
		}

	}

}
