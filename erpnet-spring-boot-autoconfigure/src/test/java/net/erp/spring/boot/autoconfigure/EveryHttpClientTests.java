package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpResponse.response;

/**
 * On every HTTP client Spring Boot can pick, and whatever
 * {@code spring.http.clients.redirects} says, the Domain API clients never follow a
 * redirect: the bearer token stays with the instance, and the caller gets the redirect
 * as it came.
 * <p>
 * Run by a surefire execution of its own: with Apache HttpClient and Jetty on the class
 * path, Spring Boot would pick them for the other tests too.
 */
class EveryHttpClientTests {

	private static final String[] REDIRECTS = { "follow", "follow-when-possible", "dont-follow" };

	private final MockErpNet erpNet = new MockErpNet();

	private OtherHost otherHost;

	@BeforeEach
	void redirectEveryDomainApiCallToAnotherHost() throws IOException {
		this.otherHost = new OtherHost();
		this.erpNet.apiHandler((request) -> response().withStatusCode(302)
			.withHeader("Location", this.otherHost.url() + request.getPath().getValue()));
	}

	@AfterEach
	void stop() {
		this.erpNet.close();
		this.otherHost.close();
	}

	static Stream<Arguments> restClientFactories() {
		return withEveryRedirectSetting("simple", "jdk", "http-components", "jetty", "reactor");
	}

	static Stream<Arguments> webClientConnectors() {
		return withEveryRedirectSetting("jdk", "http-components", "jetty", "reactor");
	}

	@ParameterizedTest(name = "{0}, redirects {1}")
	@MethodSource("restClientFactories")
	void restClientReturnsTheRedirect(String factory, String redirects) {
		contextRunner(redirects).withPropertyValues("spring.http.clients.imperative.factory=" + factory)
			.run((context) -> {
				ResponseEntity<Void> response = restClient(context).get()
					.uri("/Crm_Sales_Customers")
					.retrieve()
					.toBodilessEntity();
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertRedirectNotFollowed();
			});
	}

	@ParameterizedTest(name = "{0}, redirects {1}")
	@MethodSource("webClientConnectors")
	void webClientReturnsTheRedirect(String connector, String redirects) {
		contextRunner(redirects).withPropertyValues("spring.http.clients.reactive.connector=" + connector)
			.run((context) -> {
				ResponseEntity<Void> response = webClient(context).get()
					.uri("/Crm_Sales_Customers")
					.retrieve()
					.toBodilessEntity()
					.block();
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertRedirectNotFollowed();
			});
	}

	@ParameterizedTest(name = "{0}, redirects {1}")
	@MethodSource("restClientFactories")
	void httpServiceInterfaceReturnsTheRedirect(String factory, String redirects) {
		contextRunner(redirects)
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(RestClientInterfaces.class)
			.withPropertyValues("spring.http.clients.imperative.factory=" + factory)
			.run((context) -> {
				assertThat(context.getBean(CustomersApi.class).customers().getStatusCode().value()).isEqualTo(302);
				assertRedirectNotFollowed();
			});
	}

	@ParameterizedTest(name = "{0}, redirects {1}")
	@MethodSource("webClientConnectors")
	void reactiveHttpServiceInterfaceReturnsTheRedirect(String connector, String redirects) {
		contextRunner(redirects)
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					ReactiveHttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(WebClientInterfaces.class)
			.withPropertyValues("spring.http.clients.reactive.connector=" + connector)
			.run((context) -> {
				assertThat(context.getBean(CustomersApi.class).customers().getStatusCode().value()).isEqualTo(302);
				assertRedirectNotFollowed();
			});
	}

	private ApplicationContextRunner contextRunner(String redirects) {
		return this.erpNet.contextRunnerWithHttpClients().withPropertyValues("spring.http.clients.redirects=" + redirects);
	}

	private void assertRedirectNotFollowed() {
		assertThat(this.erpNet.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getFirstHeader("Authorization"))
				.isEqualTo("Bearer " + MockErpNet.token(1)));
		assertThat(this.otherHost.requests()).isEmpty();
	}

	private static Stream<Arguments> withEveryRedirectSetting(String... clients) {
		return Stream.of(clients)
			.flatMap((client) -> Stream.of(REDIRECTS).map((redirects) -> Arguments.of(client, redirects)));
	}

	@HttpExchange
	interface CustomersApi {

		@GetExchange("Crm_Sales_Customers")
		ResponseEntity<Void> customers();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "erpnet", types = CustomersApi.class)
	static class RestClientInterfaces {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "erpnet-reactive", types = CustomersApi.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	static class WebClientInterfaces {

	}

}
