package net.erp.spring.test.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import net.erp.spring.test.AutoConfigureErpNetMockInstance;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's advice for probes, with a secret ERP.net rejects: the one property that puts
 * {@code erpnet} in the readiness group takes the application out of the load balancer
 * while liveness stays UP, so the platform does not restart it in a loop.
 */
@SpringBootTest(classes = HealthProbesTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "erpnet.client-secret=wrong",
				"management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,erpnet" })
@AutoConfigureErpNetMockInstance
@DirtiesContext
class HealthProbesTests {

	private final HttpClient httpClient = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void wrongSecretMakesTheApplicationUnreadyButNotDead() throws Exception {
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("\"status\":\"DOWN\"").doesNotContain("wrong");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.httpClient.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
