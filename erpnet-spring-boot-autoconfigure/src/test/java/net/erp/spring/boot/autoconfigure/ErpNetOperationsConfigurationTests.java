package net.erp.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import net.erp.spring.client.ErpNetClientListener;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ErpNetOperationsConfiguration}.
 */
class ErpNetOperationsConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class))
		.withPropertyValues("erpnet.instance-url=https://demodb.my.erp.net", "erpnet.client-id=my-service-app-id",
				"erpnet.client-secret=s3cret");

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("erpnetHealthContributor")
			.getBean("erpnetHealthContributor")
			.isInstanceOf(CompositeReactiveHealthContributor.class));
		this.contextRunner.withPropertyValues("management.health.erpnet.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("erpnetHealthContributor"));
		this.contextRunner.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("erpnetHealthContributor"));
	}

	@Test
	void meterListenerOnlyWithAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ErpNetClientListener.class))
			.isSameAs(ErpNetClientListener.NONE));
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context.getBean(ErpNetClientListener.class)).isInstanceOf(MicrometerErpNetClientListener.class);
			assertThat(context.getBean(MeterRegistry.class)
				.get("erpnet.token.cache.hits")
				.tag("instance", "demodb.my.erp.net")
				.counter()
				.count()).isZero();
		});
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ErpNetClientListener.class));
	}

	@Test
	void everyMeterIsThereFromStartUp() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// Registered at start-up, before any call: dashboards and alerts see zero, not nothing
			assertThat(registry.get("erpnet.token.requests").tag("outcome", "success").timer().count()).isZero();
			assertThat(registry.get("erpnet.token.cache.hits").counter().count()).isZero();
			assertThat(registry.get("erpnet.api.queue.wait").timer().count()).isZero();
			assertThat(registry.get("erpnet.api.queue.rejections").counter().count()).isZero();
			assertThat(registry.find("erpnet.api.retries").counters())
				.extracting((counter) -> counter.getId().getTag("reason"))
				.containsExactlyInAnyOrder("429", "502", "503", "504", "connection");
			assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("instance"))
				.isEqualTo("demodb.my.erp.net"));
		});
	}

	@Test
	void sanitizingFunctionMasksOnlyTheClientSecretInEveryNotation() {
		this.contextRunner.run((context) -> {
			SanitizingFunction function = context.getBean("erpNetClientSecretSanitizingFunction",
					SanitizingFunction.class);
			for (String key : new String[] { "erpnet.client-secret", "erpnet.clientSecret", "ERPNET_CLIENT_SECRET",
					"erpnet.client_secret", "erpnet.instances.prod.client-secret",
					"erpnet.instances[prod].clientSecret", "ERPNET_INSTANCES_PROD_CLIENT_SECRET", "erpnet.instances.acme-eu.client_secret" }) {
				assertThat(function.apply(new SanitizableData(null, key, "s3cret")).getValue()).as(key)
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			assertThat(function.apply(new SanitizableData(null, "erpnet.client-id", "my-service-app-id")).getValue())
				.isEqualTo("my-service-app-id");
			assertThat(function
				.apply(new SanitizableData(null, "erpnet.instances.prod.client-id", "my-service-app-id"))
				.getValue()).isEqualTo("my-service-app-id");
		});
	}

}
