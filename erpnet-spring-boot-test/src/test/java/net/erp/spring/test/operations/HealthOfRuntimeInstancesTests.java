package net.erp.spring.test.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConnection;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code erpnet} health of an application whose instances are all registered at run
 * time, over HTTP: before the first one the actuator answers without it, then it has a
 * child per instance, and a removed instance's child is gone.
 */
@SpringBootTest(classes = HealthOfRuntimeInstancesTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoint.health.show-details=always",
				"erpnet.default-instance.enabled=false" })
class HealthOfRuntimeInstancesTests {

	private final ErpNetMockInstance erpNet = ErpNetMockInstance.demo().start();

	@LocalServerPort
	int port;

	@Autowired
	ErpNetClients clients;

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void theHealthFollowsTheInstancesThatAreRegistered() throws Exception {
		HttpResponse<String> empty = get("/actuator/health");
		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(empty.body()).contains("\"status\":\"UP\"").doesNotContain("\"erpnet\"");
		this.clients.register("acme", ErpNetConnection.builder()
			.instanceUrl(this.erpNet.url())
			.clientId(ErpNetMockInstance.DEMO_CLIENT_ID)
			.clientSecret(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.build());
		assertThat(get("/actuator/health/erpnet").body()).contains("\"acme\":{")
			.contains("\"instanceUrl\":\"" + this.erpNet.url() + "\"");
		assertThat(get("/actuator/health/erpnet/acme").body()).contains("\"status\":\"UP\"");
		this.clients.remove("acme");
		assertThat(get("/actuator/health/erpnet/acme").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
