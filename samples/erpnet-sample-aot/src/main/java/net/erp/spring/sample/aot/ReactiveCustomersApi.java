package net.erp.spring.sample.aot;

import reactor.core.publisher.Mono;

import net.erp.spring.client.domain.Filter;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * Customers through a reactive HTTP service interface, in group
 * {@code erpnet-reactive}.
 */
@HttpExchange
interface ReactiveCustomersApi {

	@GetExchange("Crm_Sales_Customers")
	Mono<Customer.Page> find(Filter filter, @RequestParam("$top") int top);

}
