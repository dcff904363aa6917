package net.erp.spring.boot.autoconfigure;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockserver.model.HttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpResponse.response;

/**
 * {@code @HttpExchange} interfaces in the ERP.net HTTP service groups: blocking ones in
 * {@value ErpNetDomainApi#HTTP_SERVICE_GROUP} on a {@code RestClient}, reactive ones in
 * {@value ReactiveErpNetDomainApi#HTTP_SERVICE_GROUP} on a {@code WebClient}, each with the
 * token and the ERP.net observation conventions, and neither on the other's client type.
 */
class HttpServiceGroupsTests {

	private static final UUID ID = UUID.fromString("5a1b3c4d-0000-4000-8000-000000000001");

	private final MockErpNet erpNet = new MockErpNet();

	private final List<Observation.Context> observed = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = this.erpNet.contextRunner()
		.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
				HttpServiceClientAutoConfiguration.class, ReactiveHttpServiceClientAutoConfiguration.class,
				RestClientObservationAutoConfiguration.class, WebClientObservationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, this::observationRegistry);

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void blockingInterfacesCallTheDomainApiWithTheTokenAndTheErpNetTags() {
		answerCountsAsText();
		this.contextRunner.withUserConfiguration(BlockingInterfaces.class).run((context) -> {
			CustomersApi customers = context.getBean(CustomersApi.class);
			assertThat(customers.find(Filter.eq("Number", "C'01"), 5).get("value")).hasSize(1);
			assertThat(Long.parseLong(customers.count(Filter.eq("Active", true)))).isEqualTo(42);
			assertThat(customers.get(ID).at("/value/0/Number").asString()).isEqualTo("C00001");
			assertCalledWithTheTokenAndTagged();
		});
	}

	@Test
	void reactiveInterfacesCallTheDomainApiWithTheTokenAndTheErpNetTags() {
		answerCountsAsText();
		this.contextRunner.withUserConfiguration(ReactiveInterfaces.class).run((context) -> {
			ReactiveCustomersApi customers = context.getBean(ReactiveCustomersApi.class);
			assertThat(customers.find(Filter.eq("Number", "C'01"), 5).block().get("value")).hasSize(1);
			assertThat(customers.count(Filter.eq("Active", true)).map(Long::parseLong).block()).isEqualTo(42);
			assertThat(customers.get(ID).block().at("/value/0/Number").asString()).isEqualTo("C00001");
			assertCalledWithTheTokenAndTagged();
		});
	}

	@Test
	void blockingGroupOnAWebClientFailsAtStartUp() {
		this.contextRunner.withUserConfiguration(BlockingGroupOnAWebClient.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("HTTP service group 'erpnet' is for blocking interfaces")
				.hasMessageContaining("declare it without clientType")
				.hasMessageContaining(ReactiveCustomersApi.class.getName())
				.hasMessageContaining("in group 'erpnet-reactive'"));
	}

	@Test
	void reactiveGroupOnARestClientFailsAtStartUp() {
		this.contextRunner.withUserConfiguration(ReactiveGroupWithoutClientType.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("HTTP service group 'erpnet-reactive' is for reactive interfaces")
				.hasMessageContaining("declare it with clientType = WEB_CLIENT")
				.hasMessageContaining("in group 'erpnet'"));
	}

	private void answerCountsAsText() {
		this.erpNet.apiHandler((request) -> request.getPath().getValue().endsWith("/$count")
				? response().withStatusCode(200)
					.withContentType(org.mockserver.model.MediaType.TEXT_PLAIN)
					.withBody("42")
				: response().withStatusCode(200)
					.withContentType(org.mockserver.model.MediaType.APPLICATION_JSON)
					.withBody("{\"value\":[{\"Number\":\"C00001\"}]}"));
	}

	private void assertCalledWithTheTokenAndTagged() {
		List<HttpRequest> requests = this.erpNet.apiRequests();
		assertThat(requests).hasSize(3)
			.allSatisfy((request) -> assertThat(request.getFirstHeader("Authorization"))
				.isEqualTo("Bearer " + MockErpNet.token(1)));
		assertThat(requests.get(0).getFirstQueryStringParameter("$filter")).isEqualTo("Number eq 'C''01'");
		assertThat(requests.get(1).getFirstQueryStringParameter("$filter")).isEqualTo("Active eq true");
		List<Observation.Context> domainApiCalls = this.observed.stream()
			.filter((context) -> !context.getLowCardinalityKeyValue("uri").getValue().equals("/id/connect/token"))
			.toList();
		assertThat(domainApiCalls).hasSize(3)
			.allSatisfy((context) -> assertThat(context.getLowCardinalityKeyValue("client.name").getValue())
				.isEqualTo("erpnet:127.0.0.1"));
		assertThat(domainApiCalls).map((context) -> context.getLowCardinalityKeyValue("uri").getValue())
			.containsExactly("/api/domain/odata/Crm_Sales_Customers", "/api/domain/odata/Crm_Sales_Customers/$count",
					"/api/domain/odata/Crm_Sales_Customers({key})");
	}

	private ObservationRegistry observationRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof ClientRequestObservationContext
						|| context instanceof org.springframework.web.reactive.function.client.ClientRequestObservationContext;
			}

			@Override
			public void onStop(Observation.Context context) {
				HttpServiceGroupsTests.this.observed.add(context);
			}

		});
		return registry;
	}

	@HttpExchange(accept = "application/json")
	interface CustomersApi {

		@GetExchange("Crm_Sales_Customers")
		JsonNode find(@RequestParam("$filter") Filter filter, @RequestParam("$top") int top);

		@GetExchange(url = "Crm_Sales_Customers/$count", accept = "text/plain")
		String count(@RequestParam("$filter") Filter filter);

		@GetExchange("Crm_Sales_Customers({id})")
		JsonNode get(@PathVariable UUID id);

	}

	@HttpExchange(accept = "application/json")
	interface ReactiveCustomersApi {

		@GetExchange("Crm_Sales_Customers")
		Mono<JsonNode> find(@RequestParam("$filter") Filter filter, @RequestParam("$top") int top);

		@GetExchange(url = "Crm_Sales_Customers/$count", accept = "text/plain")
		Mono<String> count(@RequestParam("$filter") Filter filter);

		@GetExchange("Crm_Sales_Customers({id})")
		Mono<JsonNode> get(@PathVariable UUID id);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP, types = CustomersApi.class)
	static class BlockingInterfaces {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP, types = ReactiveCustomersApi.class,
			clientType = ClientType.WEB_CLIENT)
	static class ReactiveInterfaces {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP, types = ReactiveCustomersApi.class,
			clientType = ClientType.WEB_CLIENT)
	static class BlockingGroupOnAWebClient {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP, types = ReactiveCustomersApi.class)
	static class ReactiveGroupWithoutClientType {

	}

}
