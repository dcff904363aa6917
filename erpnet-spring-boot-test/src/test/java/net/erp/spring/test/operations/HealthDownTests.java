package net.erp.spring.test.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstanceExtension;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a wrong secret the {@code erpnet} health is DOWN with the OAuth2 error and a hint,
 * and probes within the error cooldown send no further token request.
 */
@SpringBootTest(classes = HealthDownTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoint.health.show-details=always" })
class HealthDownTests {

	private static final String WRONG_SECRET = "not-the-demo-secret";

	@RegisterExtension
	static final ErpNetMockInstanceExtension erpNet = new ErpNetMockInstanceExtension();

	@DynamicPropertySource
	static void erpNet(DynamicPropertyRegistry registry) {
		erpNet.instance()
			.properties(ErpNetMockInstance.DEMO_CLIENT_ID, WRONG_SECRET)
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@LocalServerPort
	int port;

	@Test
	void healthIsDownWithTheErrorAndAHint() throws Exception {
		String health = get("/actuator/health/erpnet");
		get("/actuator/health/erpnet");
		assertThat(health).contains("\"status\":\"DOWN\"")
			.contains("\"error\":\"invalid_client\"")
			.contains("\"description\":\"Invalid client_id or client_secret\"")
			.contains("ApplicationSecretHash")
			.doesNotContain(WRONG_SECRET);
		assertThat(erpNet.instance().tokenRequestCount()).isOne();
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
