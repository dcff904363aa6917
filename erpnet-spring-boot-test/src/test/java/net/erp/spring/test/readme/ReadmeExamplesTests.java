package net.erp.spring.test.readme;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import net.erp.spring.ErpNet;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.client.domain.ODataPage;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;
import net.erp.spring.test.AutoConfigureErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples at work against the emulator, as its reader would write them.
 */
@SpringBootTest
@AutoConfigureErpNetMockInstance
class ReadmeExamplesTests {

	@Autowired
	ErpNetMockInstance erpNet;

	@Autowired
	CustomersApi customersApi;

	@Autowired
	ReactiveCustomersApi reactiveCustomersApi;

	@Autowired
	ErpNetDomainApi domainApi;

	@Autowired
	ReactiveErpNetDomainApi reactiveDomainApi;

	@Autowired
	@ErpNet
	OAuth2AuthorizedClientManager authorizedClientManager;

	@Test
	void httpInterfacesSendTheFilterAndReadTheCount() {
		Filter active = Filter.eq("Active", true);
		ODataPage<Customer> page = this.customersApi.find(active, 100);
		assertThat(page.value()).isNotEmpty().allSatisfy((customer) -> assertThat(customer.active()).isTrue());
		assertThat(Long.parseLong(this.customersApi.count(active))).isEqualTo(page.value().size());
		UUID id = page.value().get(0).id();
		assertThat(this.customersApi.get(id).number()).isEqualTo(page.value().get(0).number());
		assertThat(this.reactiveCustomersApi.find(active, 2).block().value()).hasSize(2);
		assertThat(this.reactiveCustomersApi.get(id).block()).isEqualTo(this.customersApi.get(id));
	}

	@Test
	void domainApiQueries() {
		UUID id = this.customersApi.find(Filter.eq("Active", true), 1).value().get(0).id();
		new DomainApiSnippets(this.domainApi, this.reactiveDomainApi).queries(id);
	}

	@Test
	void tokenForAnotherHttpLibrary() {
		assertThat(new TokenSnippets(this.authorizedClientManager).token()).isNotBlank();
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

}
