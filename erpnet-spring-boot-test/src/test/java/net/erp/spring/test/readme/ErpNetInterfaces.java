package net.erp.spring.test.readme;

// tag::http-interfaces[]
import java.util.UUID;

import reactor.core.publisher.Mono;

import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.client.domain.ODataPage;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

@HttpExchange(accept = "application/json")
interface CustomersApi {

	@GetExchange("Crm_Sales_Customers")
	ODataPage<Customer> find(Filter filter, @RequestParam("$top") int top);    // a Filter is sent as $filter

	@GetExchange(url = "Crm_Sales_Customers/$count", accept = "text/plain")
	String count(Filter filter);                                                 // the number, as text

	@GetExchange("Crm_Sales_Customers({id})")
	Customer get(@PathVariable UUID id);

}

@HttpExchange(accept = "application/json")
interface ReactiveCustomersApi {

	@GetExchange("Crm_Sales_Customers")
	Mono<ODataPage<Customer>> find(Filter filter, @RequestParam("$top") int top);

	@GetExchange("Crm_Sales_Customers({id})")
	Mono<Customer> get(@PathVariable UUID id);

}

@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP, types = CustomersApi.class)
@ImportHttpServices(group = ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP, types = ReactiveCustomersApi.class,
		clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
class ErpNetInterfaces {

}
// end::http-interfaces[]
