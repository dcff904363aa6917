package net.erp.spring.test;

import org.junit.jupiter.api.Test;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetAuthenticationException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A test's own properties win over those of
 * {@link AutoConfigureErpNetMockInstance @AutoConfigureErpNetMockInstance}, which win over
 * the application's configuration.
 */
@SpringBootTest(classes = AutoConfigureErpNetMockInstanceTests.TestApplication.class,
		properties = "erpnet.client-secret=wrong")
@AutoConfigureErpNetMockInstance
class AutoConfigureErpNetMockInstancePropertiesTests {

	@Autowired
	@ErpNet
	RestClient restClient;

	@Autowired
	ErpNetMockInstance erpNet;

	@Autowired
	Environment environment;

	@DynamicPropertySource
	static void scopes(DynamicPropertyRegistry registry) {
		registry.add("erpnet.scopes", () -> "read");
	}

	@Test
	void theTestsOwnPropertiesWin() {
		assertThat(this.environment.getProperty("erpnet.instance-url")).isEqualTo(this.erpNet.url());
		assertThat(this.environment.getProperty("erpnet.client-id")).isEqualTo(ErpNetMockInstance.DEMO_CLIENT_ID);
		assertThat(this.environment.getProperty("erpnet.scopes")).isEqualTo("read");
		assertThatExceptionOfType(ErpNetAuthenticationException.class)
			.isThrownBy(() -> this.restClient.get().uri("/Crm_Sales_Customers").retrieve().body(String.class))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("invalid_client"));
	}

}
