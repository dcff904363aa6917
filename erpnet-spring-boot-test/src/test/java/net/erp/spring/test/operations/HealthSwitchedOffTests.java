package net.erp.spring.test.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import net.erp.spring.test.AutoConfigureErpNetMockInstance;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code management.health.erpnet.enabled=false} removes the {@code erpnet} health
 * component from the actuator.
 */
@SpringBootTest(classes = HealthSwitchedOffTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoint.health.show-components=always",
				"management.health.erpnet.enabled=false" })
@AutoConfigureErpNetMockInstance
class HealthSwitchedOffTests {

	@LocalServerPort
	int port;

	@Test
	void erpnetHealthIsGone() throws Exception {
		assertThat(get("/actuator/health/erpnet").statusCode()).isEqualTo(404);
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"components\"").doesNotContain("erpnet");
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
