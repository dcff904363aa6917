package net.erp.spring.test.testcontainers;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import net.erp.spring.ErpNet;
import net.erp.spring.boot.autoconfigure.ErpNetConnectionDetails;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator in a container, connected through {@code @ServiceConnection}: no
 * {@code erpnet.*} property is set.
 */
@ExtendWith(DockerOrCiCondition.class)
@Testcontainers
@SpringBootTest(classes = ErpNetMockInstanceContainerTests.TestApplication.class)
class ErpNetMockInstanceContainerTests {

	@Container
	@ServiceConnection
	static final ErpNetMockInstanceContainer erpNet = new ErpNetMockInstanceContainer().withHostNetwork();

	@Autowired
	ErpNetConnectionDetails connectionDetails;

	@Autowired
	@ErpNet
	WebClient webClient;

	@Autowired
	@ErpNet
	RestClient restClient;

	@BeforeEach
	void resetCounts() {
		erpNet.resetCounts();
	}

	@Test
	void serviceConnectionPointsTheStarterAtTheContainer() {
		assertThat(this.connectionDetails.getInstanceUrl()).isEqualTo(erpNet.url());
		assertThat(this.connectionDetails.getClientId()).isEqualTo(ErpNetMockInstance.DEMO_CLIENT_ID);
		String customers = this.webClient.get()
			.uri("/Crm_Sales_Customers?$top=3")
			.retrieve()
			.bodyToMono(String.class)
			.block();
		assertThat(customers).contains("Summit Sports Equipment Ltd");
		assertThat(this.restClient.get().uri("/Crm_Sales_Customers/$count").retrieve().body(String.class))
			.isEqualTo("25");
		assertThat(erpNet.apiRequestCount()).isEqualTo(2);
	}

	@Test
	void revokedTokensAreRenewedOnce() {
		this.restClient.get().uri("/Crm_Sales_Customers?$top=1").retrieve().toBodilessEntity();
		erpNet.resetCounts();
		erpNet.revokeAllTokens();
		this.restClient.get().uri("/Crm_Sales_Customers?$top=1").retrieve().toBodilessEntity();
		assertThat(erpNet.tokenRequestCount()).isOne();
		assertThat(erpNet.apiRequestCount()).isEqualTo(2);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
