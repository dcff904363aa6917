package net.erp.spring.sample.multitenant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.erp.spring.client.ErpNetClients;
import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's main path, as its test launcher runs it with no configuration: the
 * emulated tenants of the database are synced at start-up, a tenant added over REST is
 * served from then on, a tenant whose connection is not valid is refused with the field
 * to fix, and a removed tenant is gone.
 */
@ExtendWith(OutputCaptureExtension.class)
class MultitenantSampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void servesEveryTenantFromItsOwnInstanceAndTakesNewOnesWhileItRuns(CapturedOutput output) throws Exception {
		try (ErpNetMockInstance initech = ErpNetMockInstance.demo()
			.trustedApplication(TrustedApplication.of("urn:initech:partner-sync", "initech-secret"))
			.start();
				ConfigurableApplicationContext context = SpringApplication.from(MultitenantSampleApplication::main)
					.with(EmulatedTenants.class)
					.run("--server.address=127.0.0.1", "--server.port=0", "--sync.interval=200ms")
					.getApplicationContext()) {
			Tenants tenants = context.getBean(Tenants.class);
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> tenants.countCustomers("acme") == 25 && tenants.countCustomers("globex") == 3);
			assertThat(output).contains("Serving 2 tenants").contains("Synced 25 customers of tenant 'acme'");

			HttpResponse<String> added = send("POST", base + "/tenants", """
					{"id": "initech", "instanceUrl": "%s", "clientId": "urn:initech:partner-sync",
					"clientSecret": "initech-secret"}""".formatted(initech.url()));
			assertThat(added.statusCode()).isEqualTo(201);
			assertThat(added.body()).contains("\"id\":\"initech\"").doesNotContain("initech-secret");
			await().atMost(Duration.ofSeconds(20)).until(() -> tenants.countCustomers("initech") == 25);
			assertThat(initech.tokenRequestCount()).isOne();
			assertThat(initech.apiRequestWithoutTokenCount()).isZero();

			HttpResponse<String> refused = send("POST", base + "/tenants", """
					{"id": "bad", "instanceUrl": "http://erp.example.com", "clientId": "app",
					"clientSecret": "bad-secret"}""");
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("ErpNetConnection.instanceUrl").doesNotContain("bad-secret");
			assertThat(tenants.findById("bad")).isEmpty();
			assertThat(clients.names()).containsExactlyInAnyOrder("acme", "globex", "initech");
			assertThat(send("POST", base + "/tenants", """
					{"id": "acme", "instanceUrl": "%s", "clientId": "x", "clientSecret": "y"}"""
				.formatted(initech.url())).statusCode()).isEqualTo(409);

			HttpResponse<String> list = send("GET", base + "/tenants", null);
			assertThat(list.body()).contains("\"customers\":25").contains("\"customers\":3")
				.doesNotContain("secret");
			String health = send("GET", base + "/actuator/health/erpnet", null).body();
			assertThat(health).contains("\"acme\"").contains("\"globex\"").contains("\"initech\"")
				.endsWith("\"status\":\"UP\"}")
				.doesNotContain("secret");

			assertThat(send("DELETE", base + "/tenants/initech", null).statusCode()).isEqualTo(204);
			assertThat(clients.names()).containsExactlyInAnyOrder("acme", "globex");
			assertThat(tenants.findById("initech")).isEmpty();
		}
	}

	private HttpResponse<String> send(String method, String url, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json");
		request.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
