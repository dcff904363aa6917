package net.erp.spring.sample.aot;

import net.erp.spring.client.domain.Filter;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * Customers through a blocking HTTP service interface, in group {@code erpnet}.
 */
@HttpExchange
interface CustomersApi {

	@GetExchange("Crm_Sales_Customers")
	Customer.Page find(Filter filter, @RequestParam("$top") int top);

}
