package net.erp.spring.test.readme;

// tag::quick-start[]
import reactor.core.publisher.Mono;

import net.erp.spring.ErpNet;

import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

@Service
class CustomerSync {

	private final WebClient erpNet;

	private final RestClient erpNetBlocking;

	CustomerSync(@ErpNet WebClient erpNet, @ErpNet RestClient erpNetBlocking) {
		this.erpNet = erpNet;
		this.erpNetBlocking = erpNetBlocking;
	}

	Mono<String> firstCustomers() {
		return this.erpNet.get().uri("/Crm_Sales_Customers?$top=10").retrieve().bodyToMono(String.class);
	}

	String firstCustomersBlocking() {
		return this.erpNetBlocking.get().uri("/Crm_Sales_Customers?$top=10").retrieve().body(String.class);
	}

}
// end::quick-start[]
