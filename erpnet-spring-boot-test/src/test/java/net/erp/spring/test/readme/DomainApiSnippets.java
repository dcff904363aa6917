package net.erp.spring.test.readme;

import java.util.UUID;
// tag::domain-api[]
import java.util.stream.Stream;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.client.domain.ODataPage;
import net.erp.spring.client.domain.Query;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;
// end::domain-api[]

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Domain API example, run by {@link ReadmeExamplesTests}.
 */
class DomainApiSnippets {

	private final ErpNetDomainApi domainApi;

	private final ReactiveErpNetDomainApi reactiveDomainApi;

	DomainApiSnippets(ErpNetDomainApi domainApi, ReactiveErpNetDomainApi reactiveDomainApi) {
		this.domainApi = domainApi;
		this.reactiveDomainApi = reactiveDomainApi;
	}

	void queries(UUID id) {
		ErpNetDomainApi domainApi = this.domainApi;
		ReactiveErpNetDomainApi reactiveDomainApi = this.reactiveDomainApi;
		// tag::domain-api[]
		Query active = Query.from("Crm_Sales_Customers")
			.filter(Filter.eq("Active", true).and(Filter.startsWith("Number", "C00")))
			.select("Id", "Number", "DisplayText", "Active")
			.orderBy("Number desc");

		Stream<Customer> lazily = domainApi.findAll(active, Customer.class);      // every page, blocking and lazy
		Flux<Customer> all = reactiveDomainApi.findAll(active, Customer.class);    // the same, on demand
		ODataPage<JsonNode> page = domainApi.findPage(active.top(5).count(), JsonNode.class);
		long inactive = domainApi.count(Query.from("Crm_Sales_Customers").filter(Filter.eq("Active", false)));
		Customer one = domainApi.findById(Query.from("Crm_Sales_Customers"), id, Customer.class);
		// end::domain-api[]
		assertThat(lazily).isNotEmpty().allSatisfy((customer) -> assertThat(customer.active()).isTrue());
		assertThat(all.collectList().block()).isNotEmpty();
		assertThat(page.value()).hasSizeLessThanOrEqualTo(5);
		assertThat(page.count()).isPositive();
		assertThat(inactive).isNotNegative();
		assertThat(one.id()).isEqualTo(id);
	}

}
