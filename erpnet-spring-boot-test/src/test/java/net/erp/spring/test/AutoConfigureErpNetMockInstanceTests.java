package net.erp.spring.test;

import org.junit.jupiter.api.Test;

import net.erp.spring.ErpNet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One annotation points a Spring Boot test at the emulator.
 */
@SpringBootTest(classes = AutoConfigureErpNetMockInstanceTests.TestApplication.class)
@AutoConfigureErpNetMockInstance
class AutoConfigureErpNetMockInstanceTests {

	@Autowired
	@ErpNet
	WebClient webClient;

	@Autowired
	@ErpNet
	RestClient restClient;

	@Autowired
	ErpNetMockInstance erpNet;

	@Test
	void clientsReachTheEmulator() {
		String reactive = this.webClient.get()
			.uri("/Crm_Sales_Customers?$top=2")
			.retrieve()
			.bodyToMono(String.class)
			.block();
		String blocking = this.restClient.get().uri("/Crm_Sales_Customers?$top=2").retrieve().body(String.class);
		assertThat(reactive).contains("C00025").isEqualTo(blocking);
		assertThat(this.erpNet.tokenRequestCount()).isOne();
		assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
