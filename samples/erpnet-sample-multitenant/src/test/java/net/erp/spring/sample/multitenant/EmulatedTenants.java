package net.erp.spring.sample.multitenant;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Two tenants, each with an emulated ERP.net instance of its own on a loopback port:
 * {@code acme} with the 25 demo customers, {@code globex} with three. They are added to
 * the database before the service registers its tenants.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmulatedTenants {

	static final String ACME_CLIENT_ID = "urn:acme:partner-sync";

	static final String GLOBEX_CLIENT_ID = "urn:globex:partner-sync";

	@Bean(destroyMethod = "close")
	ErpNetMockInstance acmeInstance() {
		return ErpNetMockInstance.demo()
			.trustedApplication(TrustedApplication.of(ACME_CLIENT_ID, secret("acme")))
			.start();
	}

	@Bean(destroyMethod = "close")
	ErpNetMockInstance globexInstance() {
		return ErpNetMockInstance.builder()
			.trustedApplication(TrustedApplication.of(GLOBEX_CLIENT_ID, secret("globex")))
			.entitySet(ErpNetMockInstance.CUSTOMERS,
					List.of(customer("G001", "Globex Corporation"), customer("G002", "Globex Logistics"),
							customer("G003", "Globex Retail")))
			.start();
	}

	@Bean
	SmartInitializingSingleton emulatedTenantsInTheDatabase(Tenants tenants, ErpNetMockInstance acmeInstance,
			ErpNetMockInstance globexInstance) {
		return () -> {
			tenants.add(new Tenant("acme", acmeInstance.url(), ACME_CLIENT_ID, secret("acme")));
			tenants.add(new Tenant("globex", globexInstance.url(), GLOBEX_CLIENT_ID, secret("globex")));
		};
	}

	// The emulator's tenants' secrets: made up, for the emulator only
	static String secret(String tenant) {
		return "emulated-secret-of-" + tenant;
	}

	private static Map<String, ?> customer(String number, String name) {
		String id = UUID.nameUUIDFromBytes(number.getBytes(StandardCharsets.UTF_8)).toString();
		return Map.of("Id", id, "Number", number, "DisplayText", name, "Active", true);
	}

}
