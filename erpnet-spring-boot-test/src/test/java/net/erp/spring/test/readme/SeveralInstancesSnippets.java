package net.erp.spring.test.readme;

import java.util.List;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConnection;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Query;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The README's examples of several instances, compiled; the behaviour they show is tested
 * by {@code SeveralInstancesTests}.
 */
class SeveralInstancesSnippets {

	private final ErpNetClients clients;

	SeveralInstancesSnippets(ErpNetClients clients) {
		this.clients = clients;
	}

	List<Customer> register() {
		ErpNetClients clients = this.clients;
		// tag::register-instance[]
		ErpNetClients.Instance acme = clients.register("acme", ErpNetConnection.builder()
			.instanceUrl("https://acme.my.erp.net")
			.clientId("urn:partner:sync")
			.clientSecret(secretOf("acme"))
			.scopes("read", "update")
			.maxConcurrentRequests(1) // optional; else erpnet.domain-api.*
			.build());
		List<Customer> customers = clients.get("acme").domainApi()
			.findAll(Query.from("Crm_Sales_Customers"), Customer.class).toList();
		clients.remove("acme");
		// end::register-instance[]
		return customers;
	}

	long count(String tenantId) {
		ErpNetClients clients = this.clients;
		// tag::get-or-register[]
		ErpNetDomainApi erp = clients.getOrRegister(tenantId, (id) -> ErpNetConnection.builder()
			.instanceUrl(instanceUrlOf(id))
			.clientId("urn:partner:sync")
			.clientSecret(secretOf(id))
			.build()).domainApi();
		// end::get-or-register[]
		return erp.count(Query.from("Crm_Sales_Customers"));
	}

	private static String instanceUrlOf(String tenant) {
		return "https://" + tenant + ".my.erp.net";
	}

	private static String secretOf(String tenant) {
		return "secret of " + tenant;
	}

	// tag::named-instance-groups[]
	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "erpnet.prod", types = CustomersApi.class)
	@ImportHttpServices(group = "erpnet-reactive.test", types = ReactiveCustomersApi.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	class NamedInstanceInterfaces {

	}
	// end::named-instance-groups[]

	static class NamedInstances {

		private final WebClient prod;

		private final ErpNetDomainApi test;

		// tag::named-instances[]
		NamedInstances(@ErpNet("prod") WebClient prod, @ErpNet("test") ErpNetDomainApi test) {
			this.prod = prod;
			this.test = test;
		}
		// end::named-instances[]

		WebClient prod() {
			return this.prod;
		}

		ErpNetDomainApi test() {
			return this.test;
		}

	}

}
