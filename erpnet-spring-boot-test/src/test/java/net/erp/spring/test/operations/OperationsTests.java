package net.erp.spring.test.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.erp.spring.ErpNet;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.test.AutoConfigureErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.Fault;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator of an application with the starter, over HTTP: the {@code erpnet} health,
 * the meters, and no secret in {@code configprops} or {@code env}.
 */
@SpringBootTest(classes = OperationsTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=*",
				"management.endpoint.health.show-details=always", "management.endpoint.configprops.show-values=always",
				"management.endpoint.env.show-values=always", "erpnet.domain-api.retry.initial-backoff=10ms",
				"logging.level.net.erp.spring.client=debug" })
@AutoConfigureErpNetMockInstance
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OperationsTests {

	private final HttpClient httpClient = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ErpNetMockInstance erpNet;

	@Autowired
	@ErpNet
	WebClient webClient;

	@Autowired
	CustomersApi customersApi;

	@Test
	void healthIsUpFromTheCachedTokenAndShowsNoSecret() throws Exception {
		String first = get("/actuator/health/erpnet");
		int tokenRequests = this.erpNet.tokenRequestCount();
		String second = get("/actuator/health/erpnet");
		get("/actuator/health");
		assertThat(first).contains("\"status\":\"UP\"")
			.contains("\"clientId\":\"" + ErpNetMockInstance.DEMO_CLIENT_ID + "\"")
			.contains("\"instanceUrl\":\"" + this.erpNet.url() + "\"")
			.contains("tokenExpiresAt")
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.doesNotContain("eyJ");
		assertThat(second).contains("\"status\":\"UP\"");
		// One child per instance; the default one is called default
		assertThat(first).contains("\"components\":{\"default\":{");
		assertThat(get("/actuator/health/erpnet/default")).contains("\"status\":\"UP\"").contains("tokenExpiresAt");
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(tokenRequests).isLessThanOrEqualTo(1);
	}

	@Test
	void secretIsMaskedInConfigpropsAndEnvEvenWithShowValuesAlways() throws Exception {
		String configprops = get("/actuator/configprops");
		assertThat(configprops).contains("\"clientId\":\"" + ErpNetMockInstance.DEMO_CLIENT_ID + "\"")
			.contains("\"clientSecret\":\"******\"")
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET);
		String env = get("/actuator/env");
		assertThat(env).contains("erpnet.client-secret").doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET);
		assertThat(get("/actuator/env/erpnet.client-secret")).doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET);
	}

	@Test
	void metersCountTokensReuseWaitsAndRetries(CapturedOutput output) throws Exception {
		this.erpNet.failApiRequests(Fault.tooManyRequests(null), 1);
		this.erpNet.failApiRequests(Fault.serviceUnavailable(), 1);
		for (int i = 0; i < 3; i++) {
			this.webClient.get().uri("/Crm_Sales_Customers?$top=1").retrieve().toBodilessEntity().block();
		}
		this.webClient.get()
			.uri("/Crm_Sales_Customers(0eeff843-d4cb-4652-a30f-142f354de58e)")
			.retrieve()
			.toBodilessEntity()
			.block();
		this.customersApi.find(Filter.eq("Active", true), 1);
		assertThat(get("/actuator/metrics/erpnet.token.requests?tag=outcome:success")).contains("\"COUNT\"");
		assertThat(get("/actuator/metrics/erpnet.token.cache.hits")).contains("\"statistic\":\"COUNT\"")
			.contains("\"erpnet.instance\",\"values\":[\"default\"]");
		assertThat(get("/actuator/metrics/erpnet.api.queue.wait")).contains("\"TOTAL_TIME\"");
		assertThat(get("/actuator/metrics/erpnet.api.retries?tag=reason:429")).contains("\"value\":1.0");
		assertThat(get("/actuator/metrics/erpnet.api.retries?tag=reason:503")).contains("\"value\":1.0");
		assertThat(get("/actuator/metrics/erpnet.api.queue.rejections")).contains("\"value\":0.0");
		String clientRequests = get("/actuator/metrics/http.client.requests");
		// Every way of calling, the raw clients and @HttpExchange interfaces, tags alike
		assertThat(clientRequests).contains("\"client.name\",\"values\":[\"erpnet:127.0.0.1\"]")
			.contains("\"erpnet.instance\",\"values\":[\"default\"]")
			.contains("\"/api/domain/odata/Crm_Sales_Customers\"")
			.contains("\"/api/domain/odata/Crm_Sales_Customers({key})\"")
			.doesNotContain("0eeff843")
			.doesNotContain("$top")
			.doesNotContain("queryParam");
		assertThat(output).contains("Reusing the cached ERP.net access token")
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.doesNotContain("eyJ");
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.httpClient.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	@HttpExchange
	interface CustomersApi {

		@GetExchange("Crm_Sales_Customers")
		String find(Filter filter, @RequestParam("$top") int top);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP, types = CustomersApi.class)
	static class TestApplication {

	}

}
