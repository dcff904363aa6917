package net.erp.spring.test.readme;

// tag::extension[]
import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstanceExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
// end::extension[]
import org.junit.jupiter.api.Test;

import net.erp.spring.ErpNet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JUnit extension with {@code @DynamicPropertySource}, as the README shows it.
 */
@SpringBootTest
class ErpNetMockInstanceExtensionTests {

	// tag::extension[]
	@RegisterExtension
	static final ErpNetMockInstanceExtension erpNet = new ErpNetMockInstanceExtension(
			() -> ErpNetMockInstance.demo().tokenLifetime(Duration.ofSeconds(5)).start());

	@DynamicPropertySource
	static void erpNet(DynamicPropertyRegistry registry) {
		erpNet.registerProperties(registry);
	}
	// end::extension[]

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

}
