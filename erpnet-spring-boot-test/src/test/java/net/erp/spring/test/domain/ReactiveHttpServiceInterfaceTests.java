package net.erp.spring.test.domain;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import net.erp.spring.client.domain.ReactiveErpNetDomainApi;
import net.erp.spring.test.AutoConfigureErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @HttpExchange} interfaces in the {@value ReactiveErpNetDomainApi#HTTP_SERVICE_GROUP}
 * group on a {@code WebClient} call the instance through the token-managed filter.
 */
@SpringBootTest(classes = ReactiveHttpServiceInterfaceTests.TestApplication.class)
@AutoConfigureErpNetMockInstance
class ReactiveHttpServiceInterfaceTests {

	@Autowired
	CustomersApi customers;

	@Autowired
	ErpNetMockInstance erpNet;

	record Customer(@JsonProperty("Number") String number) {

	}

	@HttpExchange
	interface CustomersApi {

		@GetExchange("Crm_Sales_Customers({id})")
		Mono<Customer> get(@PathVariable UUID id);

	}

	@Test
	void interfacesCallTheInstanceWithTheToken() {
		UUID danube = UUID.fromString("0eeff843-d4cb-4652-a30f-142f354de58e");
		assertThat(this.customers.get(danube).block().number()).isEqualTo("C00002");
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@ImportHttpServices(group = ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP, types = CustomersApi.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	static class TestApplication {

	}

}
