package net.erp.spring.test.readme;

// tag::transactions[]
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ErpNetTransactionOptions;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;
// end::transactions[]

/**
 * The README's transactions example, compiled only: the emulator has no transactions.
 */
class TransactionSnippets {

	void transactions(ErpNetDomainApi domainApi, ReactiveErpNetDomainApi reactiveDomainApi, UUID orderId,
			Customer newCustomer) {
		// tag::transactions[]
		JsonNode changes = reactiveDomainApi.inTransaction(ErpNetTransactionOptions.frontEnd().trackingChanges(),
				(tx) -> tx.update("Crm_Sales_SalesOrders", orderId, Map.of("DocumentDate", "2024-05-08T00:00:00Z"))
					.then(tx.changes()))                                  // GetChanges: what the server changed
			.block();

		domainApi.inTransaction(ErpNetTransactionOptions.common(), (tx) -> {
			tx.create("Crm_Sales_Customers", newCustomer, JsonNode.class);
			return null;                                              // an exception here rolls back
		});
		// end::transactions[]
	}

}
