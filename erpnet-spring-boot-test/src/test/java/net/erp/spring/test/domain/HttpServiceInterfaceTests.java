package net.erp.spring.test.domain;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;

import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.test.AutoConfigureErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @HttpExchange} interfaces in the {@value ErpNetDomainApi#HTTP_SERVICE_GROUP}
 * group, on the default {@code RestClient}, call the instance through the token-managed
 * client.
 */
@SpringBootTest(classes = HttpServiceInterfaceTests.TestApplication.class)
@AutoConfigureErpNetMockInstance
class HttpServiceInterfaceTests {

	@Autowired
	CustomersApi customers;

	@Autowired
	ErpNetMockInstance erpNet;

	record Customer(@JsonProperty("Number") String number, @JsonProperty("DisplayText") String displayText) {

	}

	record Customers(List<Customer> value) {

	}

	@HttpExchange
	interface CustomersApi {

		@GetExchange("Crm_Sales_Customers")
		Customers find(@RequestParam("$filter") String filter, @RequestParam("$top") int top);

		@GetExchange("Crm_Sales_Customers({id})")
		Customer get(@PathVariable UUID id);

	}

	@Test
	void interfacesCallTheInstanceWithTheToken() {
		assertThat(this.customers.find("Active eq false", 10).value()).hasSize(2);
		UUID danube = UUID.fromString("0eeff843-d4cb-4652-a30f-142f354de58e");
		assertThat(this.customers.get(danube).displayText()).isEqualTo("Danube Logistics JSC");
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP, types = CustomersApi.class)
	static class TestApplication {

	}

}
