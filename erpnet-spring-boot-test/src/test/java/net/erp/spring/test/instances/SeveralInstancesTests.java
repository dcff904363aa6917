package net.erp.spring.test.instances;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import net.erp.spring.ErpNet;
import net.erp.spring.boot.autoconfigure.ErpNetAutoConfiguration;
import net.erp.spring.client.ErpNetAuthenticationException;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConnection;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Query;
import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Several instances in one application, named in the properties and registered at run
 * time, each against an emulated instance of its own.
 */
class SeveralInstancesTests {

	private static final String CUSTOMERS = ErpNetMockInstance.CUSTOMERS + "?$top=1";

	private final ErpNetMockInstance prod = ErpNetMockInstance.demo().start();

	private final ErpNetMockInstance test = ErpNetMockInstance.demo()
		.trustedApplication(TrustedApplication.of("test-app", "test-secret").withScopes("read"))
		.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class, WebClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues("erpnet.domain-api.page-size=7", "erpnet.instances.prod.instance-url=" + this.prod.url(),
				"erpnet.instances.prod.client-id=" + ErpNetMockInstance.DEMO_CLIENT_ID,
				"erpnet.instances.prod.client-secret=" + ErpNetMockInstance.DEMO_CLIENT_SECRET,
				"erpnet.instances.test.instance-url=" + this.test.url(), "erpnet.instances.test.client-id=test-app",
				"erpnet.instances.test.client-secret=test-secret",
				"erpnet.instances.test.domain-api.max-concurrent-requests=2");

	@AfterEach
	void stop() {
		this.prod.close();
		this.test.close();
	}

	@Test
	void namedInstancesAreInjectedByNameAndEachCallsItsOwnInstance() {
		this.contextRunner.withUserConfiguration(NamedConsumer.class).run((context) -> {
			NamedConsumer consumer = context.getBean(NamedConsumer.class);
			assertThat(consumer.prod).isSameAs(context.getBean("erpNetWebClient.prod"));
			assertThat(consumer.testRest).isSameAs(context.getBean("erpNetRestClient.test"));
			assertThat(consumer.prodDomainApi).isSameAs(context.getBean("erpNetDomainApi.prod"));
			assertThat(consumer.prod.get().uri(CUSTOMERS).retrieve().bodyToMono(JsonNode.class).block()).isNotNull();
			assertThat(consumer.testRest.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
			assertThat(this.prod.tokenRequestCount()).isEqualTo(1);
			assertThat(this.prod.apiRequestCount()).isEqualTo(1);
			assertThat(this.test.tokenRequestCount()).isEqualTo(1);
			assertThat(this.test.apiRequestCount()).isEqualTo(1);
			assertThat(context.getBean(ErpNetClients.class).names()).containsExactly("prod", "test");
		});
	}

	@Test
	void withOnlyNamedInstancesThereIsNoDefaultInstance() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean("erpNetWebClient")
				.doesNotHaveBean("erpNetRestClient")
				.doesNotHaveBean("erpNetDomainApi")
				.doesNotHaveBean("erpNetAuthorizedClientManager")
				.doesNotHaveBean("erpNetInstance");
			assertThatIllegalArgumentException().isThrownBy(() -> context.getBean(ErpNetClients.class).get(""))
				.withMessageContaining("No ERP.net instance named ''");
		});
	}

	@Test
	void anApplicationOfRuntimeInstancesOnlySwitchesTheDefaultInstanceOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class))
			.withPropertyValues("erpnet.default-instance.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean("erpNetInstance")
					.doesNotHaveBean("erpNetRestClient");
				ErpNetClients clients = context.getBean(ErpNetClients.class);
				assertThat(clients.names()).isEmpty();
				clients.register("acme", demoConnection(this.prod));
				assertThat(clients.get("acme").domainApi().findAll(Query.from(ErpNetMockInstance.CUSTOMERS),
						JsonNode.class)).hasSize(25);
			});
	}

	@Test
	void namedInstancesInheritTheFlatSettingsTheyDoNotSet() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			// page-size=7 is inherited: 25 demo customers come in 4 pages
			assertThat(clients.get("prod").domainApi().findAll(Query.from(ErpNetMockInstance.CUSTOMERS),
					JsonNode.class)).hasSize(25);
			assertThat(this.prod.apiRequestCount()).isEqualTo(4);
		});
	}

	@Test
	void bothStacksOfBothInstancesConcurrentlyGetOneTokenEachFromTheirOwnInstance() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			List<CompletableFuture<JsonNode>> calls = IntStream.range(0, 40)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
					ErpNetClients.Instance instance = clients.get((i % 2 == 0) ? "prod" : "test");
					return (i % 4 < 2) ? instance.restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class)
							: instance.webClient().get().uri(CUSTOMERS).retrieve().bodyToMono(JsonNode.class).block();
				}))
				.toList();
			calls.forEach((call) -> assertThat(call.join()).isNotNull());
			assertThat(this.prod.tokenRequestCount()).isEqualTo(1);
			assertThat(this.test.tokenRequestCount()).isEqualTo(1);
			assertThat(this.prod.apiRequestCount()).isEqualTo(20);
			assertThat(this.test.apiRequestCount()).isEqualTo(20);
			// Each has its own limit: test allows 2 at a time, prod 1 (the flat default)
			assertThat(this.prod.maxConcurrentApiRequests()).isEqualTo(1);
			assertThat(this.prod.apiRequestWithoutTokenCount()).isZero();
			assertThat(this.test.apiRequestWithoutTokenCount()).isZero();
		});
	}

	@Test
	void aTokenOfOneInstanceIsNeverSentToAnotherEvenWithAnAbsoluteUrl() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			String testCustomers = this.test.url() + "/api/domain/odata/" + CUSTOMERS;
			assertThatExceptionOfType(WebClientResponseException.Unauthorized.class).isThrownBy(() -> clients
				.get("prod")
				.webClient()
				.get()
				.uri(testCustomers)
				.retrieve()
				.bodyToMono(JsonNode.class)
				.block());
			assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(() -> clients.get("prod")
				.restClient()
				.get()
				.uri(testCustomers)
				.retrieve()
				.body(JsonNode.class));
			assertThat(this.test.apiRequestCount()).isEqualTo(2);
			assertThat(this.test.apiRequestWithoutTokenCount()).isEqualTo(2);
			assertThat(this.test.tokenRequestCount()).isZero();
		});
	}

	@Test
	void aRejectedSecretOfOneInstanceDoesNotPutAnotherIntoCooldown() {
		this.contextRunner.withPropertyValues("erpnet.instances.test.client-secret=wrong-secret").run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			RestClient test = clients.get("test").restClient();
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> test.get().uri(CUSTOMERS).retrieve().body(JsonNode.class));
			ErpNetClients.Instance prod = clients.get("prod");
			assertThat(prod.restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
			assertThat(prod.webClient().get().uri(CUSTOMERS).retrieve().bodyToMono(JsonNode.class).block())
				.isNotNull();
		});
	}

	@Test
	void startUpNamesTheNamedInstanceWhosePropertyIsMissing() {
		this.contextRunner.withPropertyValues("erpnet.instances.prod.client-secret=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("erpnet.instances.prod.client-secret is not set");
		});
		this.contextRunner.withPropertyValues("erpnet.instances.default.instance-url=" + this.prod.url())
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("erpnet.instances.default has a name that is not allowed"));
	}

	@Test
	void instancesRegisteredAtRunTimeHaveClientsOfTheirOwn() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			this.test.addTrustedApplication(TrustedApplication.of("tenant-app", "tenant-secret").withScopes("read"));
			ErpNetClients.Instance tenant = clients.register("acme", ErpNetConnection.builder()
				.instanceUrl(this.test.url())
				.clientId("tenant-app")
				.clientSecret("tenant-secret")
				.scopes("read")
				.build());
			assertThat(clients.get("acme")).isSameAs(tenant);
			assertThat(tenant.restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
			assertThat(clients.get("acme").reactiveDomainApi()
				.findAll(Query.from(ErpNetMockInstance.CUSTOMERS), JsonNode.class)
				.count()
				.block()).isEqualTo(25);
			assertThat(this.test.tokenRequestCount()).isEqualTo(1);
			assertThat(clients.names()).containsExactly("prod", "test", "acme");
		});
	}

	@Test
	void registeringATakenNameFailsUnlessReplacedExplicitly() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			ErpNetConnection connection = demoConnection(this.prod);
			ErpNetClients.Instance first = clients.register("acme", connection);
			assertThatIllegalArgumentException().isThrownBy(() -> clients.register("acme", connection))
				.withMessageContaining("'acme' is registered already");
			assertThatIllegalArgumentException().isThrownBy(() -> clients.register("prod", connection))
				.withMessageContaining("'prod' is configured in the properties");
			assertThat(first.restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
			ErpNetClients.Instance second = clients.replace("acme", connection);
			assertThat(clients.get("acme")).isSameAs(second);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> first.restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
				.withMessageContaining("erpnet.acme")
				.withMessageContaining("removed");
			assertThat(second.restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
		});
	}

	@Test
	void aRemovedInstanceDropsItsTokenAndItsClientsFailClearly() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			ErpNetClients.Instance acme = clients.register("acme", demoConnection(this.prod));
			WebClient webClient = acme.webClient();
			RestClient restClient = acme.restClient();
			ErpNetDomainApi domainApi = acme.domainApi();
			assertThat(restClient.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
			assertThat(clients.remove("acme")).isTrue();
			assertThat(clients.remove("acme")).isFalse();
			assertThatIllegalArgumentException().isThrownBy(() -> clients.get("acme"))
				.withMessageContaining("No ERP.net instance named 'acme'");
			int apiRequests = this.prod.apiRequestCount();
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> webClient.get().uri(CUSTOMERS).retrieve().bodyToMono(JsonNode.class).block())
				.withMessageContaining("removed");
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> restClient.get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
				.withMessageContaining("removed");
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> domainApi.findAll(Query.from(ErpNetMockInstance.CUSTOMERS), JsonNode.class).toList());
			assertThat(this.prod.apiRequestCount()).isEqualTo(apiRequests);
			assertThatIllegalArgumentException().isThrownBy(() -> clients.remove("prod"));
		});
	}

	@Test
	void idleRuntimeInstancesAreEvictedAndBusyOnesAreNot() {
		this.contextRunner.withPropertyValues("erpnet.runtime-instances.idle-timeout=1s").run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			RestClient idle = clients.register("idle", demoConnection(this.prod)).restClient();
			WebClient busy = clients.register("busy", demoConnection(this.prod)).webClient();
			assertThat(idle.get().uri(CUSTOMERS).retrieve().body(JsonNode.class)).isNotNull();
			long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
			while (System.nanoTime() < end) {
				assertThat(busy.get().uri(CUSTOMERS).retrieve().bodyToMono(JsonNode.class).block()).isNotNull();
				Thread.sleep(100);
			}
			// Named instances are never evicted
			assertThat(clients.names()).containsExactly("prod", "test", "busy");
			int apiRequests = this.prod.apiRequestCount();
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> idle.get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
				.withMessageContaining("'erpnet.idle' is closed")
				.withMessageContaining("evicted after being idle");
			assertThat(this.prod.apiRequestCount()).isEqualTo(apiRequests);
			await().atMost(Duration.ofSeconds(10)).until(() -> !clients.names().contains("busy"));
			assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
				.filteredOn((name) -> name.startsWith("erpnet-idle-eviction-"))
				.hasSize(1);
		});
	}

	@Test
	void getOrRegisterRegistersOnceForAllCallersOfTheName() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			AtomicInteger lookups = new AtomicInteger();
			List<CompletableFuture<ErpNetClients.Instance>> callers = IntStream.range(0, 20)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> clients.getOrRegister("acme", (name) -> {
					lookups.incrementAndGet();
					return demoConnection(this.prod);
				})))
				.toList();
			ErpNetClients.Instance acme = callers.get(0).join();
			callers.forEach((caller) -> assertThat(caller.join()).isSameAs(acme));
			assertThat(lookups).hasValue(1);
			assertThat(clients.getOrRegister("prod", (name) -> {
				throw new AssertionError("prod is configured");
			})).isSameAs(clients.get("prod"));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> clients.getOrRegister("other",
						(name) -> ErpNetConnection.builder().instanceUrl(this.prod.url()).clientId("app").build()))
				.withMessageContaining("ErpNetConnection.clientSecret is not set");
			assertThat(clients.names()).containsExactly("prod", "test", "acme");
		});
	}

	@Test
	void aNonPositiveIdleTimeoutStopsStartUp() {
		this.contextRunner.withPropertyValues("erpnet.runtime-instances.idle-timeout=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("erpnet.runtime-instances.idle-timeout is PT0S; it must be positive"));
	}

	@Test
	void registeringBadInputNamesTheFieldAndRegistersNothing() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> clients.register("acme",
						ErpNetConnection.builder().instanceUrl(this.prod.url()).clientId("app").build()))
				.withMessageContaining("ERP.net instance 'acme' is not registered")
				.withMessageContaining("ErpNetConnection.clientSecret is not set");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> clients.register("acme", ErpNetConnection.builder()
					.instanceUrl("http://erp.example.com")
					.clientId("app")
					.clientSecret("secret")
					.maxConcurrentRequests(0)
					.build()))
				.withMessageContaining("ErpNetConnection.instanceUrl")
				.withMessageContaining("ErpNetConnection.maxConcurrentRequests is 0")
				.withMessageNotContaining("secret'");
			ErpNetConnection connection = demoConnection(this.prod);
			assertThatIllegalArgumentException().isThrownBy(() -> clients.register("no spaces", connection))
				.withMessageContaining("'no spaces' is not allowed");
			// What meters and the health call the default instance, and the health the cluster
			assertThatIllegalArgumentException().isThrownBy(() -> clients.register("default", connection))
				.withMessageContaining("'default' is not allowed");
			assertThatIllegalArgumentException().isThrownBy(() -> clients.register("cluster", connection))
				.withMessageContaining("'cluster' is not allowed");
			assertThat(clients.names()).containsExactly("prod", "test");
		});
	}

	@Test
	void theHealthHasAChildPerInstanceThatComesAndGoesWithIt() {
		this.contextRunner
			.withPropertyValues("erpnet.instance-url=" + this.prod.url(),
					"erpnet.client-id=" + ErpNetMockInstance.DEMO_CLIENT_ID,
					"erpnet.client-secret=" + ErpNetMockInstance.DEMO_CLIENT_SECRET,
					"erpnet.instances.test.client-secret=wrong")
			.run((context) -> {
				CompositeReactiveHealthContributor health = context.getBean("erpnetHealthContributor",
						CompositeReactiveHealthContributor.class);
				ErpNetClients clients = context.getBean(ErpNetClients.class);
				clients.register("acme", demoConnection(this.prod));
				assertThat(health.stream().map(ReactiveHealthContributors.Entry::name)).containsExactly("default",
						"prod", "test", "acme");
				assertThat(health(health, "default").getStatus()).isEqualTo(Status.UP);
				assertThat(health(health, "prod").getDetails()).containsEntry("instanceUrl", this.prod.url());
				Health test = health(health, "test");
				assertThat(test.getStatus()).isEqualTo(Status.DOWN);
				assertThat(test.getDetails()).containsEntry("error", "invalid_client")
					.containsEntry("clientId", "test-app")
					.containsEntry("instanceUrl", this.test.url());
				assertThat(test.toString()).doesNotContain("wrong");
				assertThat(health(health, "acme").getStatus()).isEqualTo(Status.UP);
				// One token for the three that share the demo application, one refused request
				assertThat(this.prod.tokenRequestCount()).isOne();
				assertThat(this.test.tokenRequestCount()).isOne();
				assertThat(this.prod.apiRequestCount()).isZero();
				clients.remove("acme");
				assertThat(health.getContributor("acme")).isNull();
				assertThat(health.stream().map(ReactiveHealthContributors.Entry::name)).containsExactly("default",
						"prod", "test");
			});
	}

	private static Health health(CompositeReactiveHealthContributor health, String name) {
		ReactiveHealthIndicator indicator = (ReactiveHealthIndicator) health.getContributor(name);
		assertThat(indicator).as(name).isNotNull();
		return indicator.health(true).block();
	}

	@Test
	void metersOfEachInstanceCarryItsNameAndGoWhenItIsRemoved() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			clients.get("prod").restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class);
			this.test.addTrustedApplication(TrustedApplication.of("tenant-app", "tenant-secret"));
			ErpNetClients.Instance acme = clients.register("acme", ErpNetConnection.builder()
				.instanceUrl(this.test.url())
				.clientId("tenant-app")
				.clientSecret("tenant-secret")
				.build());
			acme.restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class);
			assertThat(registry.get("erpnet.token.requests").tag("erpnet.instance", "prod").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("erpnet.token.requests").tag("erpnet.instance", "acme").timer().count())
				.isEqualTo(1);
			// An instance's clients, and so its meters, are made when it is first used
			assertThat(registry.find("erpnet.token.requests").tag("erpnet.instance", "test").timer()).isNull();
			clients.get("test").webClient();
			assertThat(registry.find("erpnet.token.requests").tag("erpnet.instance", "test").timer()).isNotNull();
			clients.remove("acme");
			assertThat(registry.find("erpnet.token.requests").tag("erpnet.instance", "acme").meters()).isEmpty();
			assertThat(registry.find("erpnet.api.retries").tag("erpnet.instance", "acme").meters()).isEmpty();
			assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.noneMatch((tag) -> tag.getValue().contains("://")));
		});
	}

	@Test
	void aRegistrationThatCopiesAnotherInstancesApplicationWithoutItsSecretNeverGetsItsToken() {
		this.contextRunner.run((context) -> {
			ErpNetClients clients = context.getBean(ErpNetClients.class);
			assertThat(clients.get("prod").restClient().get().uri(CUSTOMERS).retrieve().body(JsonNode.class))
				.isNotNull();
			// Prod's token URI and client id, a guessed secret, and the test instance's URL
			RestClient intruder = clients.register("intruder", ErpNetConnection.builder()
				.instanceUrl(this.test.url())
				.tokenUri(this.prod.url() + "/id/connect/token")
				.clientId(ErpNetMockInstance.DEMO_CLIENT_ID)
				.clientSecret("guessed")
				.build()).restClient();
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> intruder.get().uri(CUSTOMERS).retrieve().body(JsonNode.class));
			WebClient sameUrl = clients.register("same-url", ErpNetConnection.builder()
				.instanceUrl(this.prod.url())
				.clientId(ErpNetMockInstance.DEMO_CLIENT_ID)
				.clientSecret("guessed")
				.build()).webClient();
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> sameUrl.get().uri(CUSTOMERS).retrieve().bodyToMono(JsonNode.class).block());
			assertThat(this.test.apiRequestCount()).isZero();
			assertThat(this.prod.apiRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void connectionsNeverShowTheSecret() {
		assertThat(demoConnection(this.prod).toString()).doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.contains(ErpNetMockInstance.DEMO_CLIENT_ID);
	}

	private static ErpNetConnection demoConnection(ErpNetMockInstance instance) {
		return ErpNetConnection.builder()
			.instanceUrl(instance.url())
			.clientId(ErpNetMockInstance.DEMO_CLIENT_ID)
			.clientSecret(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class NamedConsumer {

		final WebClient prod;

		final RestClient testRest;

		final ErpNetDomainApi prodDomainApi;

		NamedConsumer(@ErpNet("prod") WebClient prod, @ErpNet("test") RestClient testRest,
				@ErpNet("prod") ErpNetDomainApi prodDomainApi) {
			this.prod = prod;
			this.testRest = testRest;
			this.prodDomainApi = prodDomainApi;
		}

	}

}
