package net.erp.spring.test;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.erp.spring.boot.autoconfigure.ErpNetConnectionDetails;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Runs an application against the demo {@link ErpNetMockInstance} during development,
 * with Spring Boot's test launcher idiom: a class in the application's test sources,
 * started with {@code ./mvnw spring-boot:test-run}.
 * <pre class="code">
 * public class TestMyApplication {
 *
 *     public static void main(String[] args) {
 *         SpringApplication.from(MyApplication::main).with(ErpNetMockInstanceConfiguration.class).run(args);
 *     }
 *
 * }
 * </pre>
 * The emulator's {@link ErpNetConnectionDetails} take the place of the
 * {@code erpnet.instance-url}, {@code client-id} and {@code client-secret} properties;
 * {@code erpnet.mock-instance.token-lifetime} (default one hour) sets the lifetime of its
 * tokens. The emulator stops with the application context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ErpNetMockInstanceConfiguration {

	private static final Log logger = LogFactory.getLog(ErpNetMockInstanceConfiguration.class);

	@Bean(destroyMethod = "close")
	ErpNetMockInstance erpNetMockInstance(Environment environment) {
		Duration tokenLifetime = environment.getProperty("erpnet.mock-instance.token-lifetime", Duration.class,
				Duration.ofHours(1));
		ErpNetMockInstance instance = ErpNetMockInstance.demo().tokenLifetime(tokenLifetime).start();
		logger.info("Using the ERP.net emulator at " + instance.url() + " with the demo trusted application '"
				+ ErpNetMockInstance.DEMO_CLIENT_ID + "'");
		return instance;
	}

	@Bean
	ErpNetConnectionDetails erpNetMockInstanceConnectionDetails(ErpNetMockInstance instance) {
		return new ErpNetConnectionDetails() {

			@Override
			public String getInstanceUrl() {
				return instance.url();
			}

			@Override
			public String getClientId() {
				return ErpNetMockInstance.DEMO_CLIENT_ID;
			}

			@Override
			public String getClientSecret() {
				return ErpNetMockInstance.DEMO_CLIENT_SECRET;
			}

		};
	}

}
