package net.erp.spring.sample.aot;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.client.domain.Query;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reads the first customer through each ErpNet bean in turn, asks both authorized client
 * managers for the token they share, reads through a named instance's bean and through
 * one named only at run time, and reads its own health endpoint. Each step logs
 * one line; the token itself is never shown.
 */
@Component
class EveryBeanTour implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(EveryBeanTour.class);

	private static final Query FIRST_CUSTOMER = Query.from("Crm_Sales_Customers")
		.select("Number", "DisplayText")
		.top(1);

	private final WebClient webClient;

	private final RestClient restClient;

	private final ErpNetDomainApi domainApi;

	private final ReactiveErpNetDomainApi reactiveDomainApi;

	private final CustomersApi customersApi;

	private final ReactiveCustomersApi reactiveCustomersApi;

	private final OAuth2AuthorizedClientManager authorizedClientManager;

	private final ReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager;

	private final RestClient partner;

	private final ErpNetClients clients;

	private final WebServerApplicationContext context;

	EveryBeanTour(@ErpNet WebClient webClient, @ErpNet RestClient restClient, ErpNetDomainApi domainApi,
			ReactiveErpNetDomainApi reactiveDomainApi, CustomersApi customersApi,
			ReactiveCustomersApi reactiveCustomersApi, @ErpNet OAuth2AuthorizedClientManager authorizedClientManager,
			@ErpNet ReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager,
			@ErpNet("partner") RestClient partner, ErpNetClients clients, WebServerApplicationContext context) {
		this.webClient = webClient;
		this.restClient = restClient;
		this.domainApi = domainApi;
		this.reactiveDomainApi = reactiveDomainApi;
		this.customersApi = customersApi;
		this.reactiveCustomersApi = reactiveCustomersApi;
		this.authorizedClientManager = authorizedClientManager;
		this.reactiveAuthorizedClientManager = reactiveAuthorizedClientManager;
		this.partner = partner;
		this.clients = clients;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		String uri = "Crm_Sales_Customers?$top=1&$select=Number,DisplayText";
		log("WebClient", () -> this.webClient.get().uri(uri).retrieve().bodyToMono(Customer.Page.class).block());
		log("RestClient", () -> this.restClient.get().uri(uri).retrieve().body(Customer.Page.class));
		log("ErpNetDomainApi",
				() -> new Customer.Page(this.domainApi.findPage(FIRST_CUSTOMER, Customer.class).value()));
		log("ReactiveErpNetDomainApi", () -> new Customer.Page(
				this.reactiveDomainApi.findAll(FIRST_CUSTOMER, Customer.class).take(1).collectList().block()));
		Filter active = Filter.eq("Active", true);
		log("@HttpExchange (erpnet)", () -> this.customersApi.find(active, 1));
		log("@HttpExchange (erpnet-reactive)", () -> this.reactiveCustomersApi.find(active, 1).block());
		OAuth2AuthorizedClient blocking = this.authorizedClientManager
			.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"));
		OAuth2AuthorizedClient reactive = this.reactiveAuthorizedClientManager
			.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"))
			.block();
		boolean shared = blocking != null && reactive != null
				&& blocking.getAccessToken().getTokenValue().equals(reactive.getAccessToken().getTokenValue());
		logger.info("Authorized client managers: " + (shared ? "one token, shared" : "different tokens"));
		// A named instance's bean, and one named only at run time, which has no bean
		log("@ErpNet(\"partner\") RestClient", () -> this.partner.get().uri(uri).retrieve().body(Customer.Page.class));
		log("ErpNetClients.get(\"late\")",
				() -> this.clients.get("late").restClient().get().uri(uri).retrieve().body(Customer.Page.class));
		logger.info("Health of erpnet: " + health());
	}

	private void log(String bean, Supplier<Customer.Page> read) {
		List<Customer> customers = read.get().value();
		logger.info(bean + ": " + (customers.isEmpty() ? "no customer" : customers.get(0).number()));
	}

	// The instance's component: readiness is out of service until the runners are done
	private Object health() {
		int port = this.context.getWebServer().getPort();
		Map<String, Object> health = RestClient.create()
			.get()
			.uri("http://127.0.0.1:" + port + "/actuator/health/erpnet")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		return health.get("status");
	}

}
