package net.erp.spring.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.erp.spring.ErpNet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JUnit extension with {@code @DynamicPropertySource}.
 */
@SpringBootTest(classes = ErpNetMockInstanceExtensionTests.TestApplication.class)
class ErpNetMockInstanceExtensionTests {

	@RegisterExtension
	static final ErpNetMockInstanceExtension erpNet = new ErpNetMockInstanceExtension(
			() -> ErpNetMockInstance.demo().tokenLifetime(Duration.ofMinutes(5)).start());

	@DynamicPropertySource
	static void erpNet(DynamicPropertyRegistry registry) {
		erpNet.registerProperties(registry);
	}

	@Autowired
	@ErpNet
	RestClient restClient;

	@Test
	void clientReachesTheEmulator() {
		assertThat(this.restClient.get().uri("/Crm_Sales_Customers(0eeff843-d4cb-4652-a30f-142f354de58e)")
			.retrieve()
			.body(String.class)).contains("Danube Logistics JSC");
		assertThat(erpNet.instance().tokenRequestCount()).isOne();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
