package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;
import reactor.netty.http.client.HttpClient;
import reactor.netty.transport.logging.AdvancedByteBufFormat;

import net.erp.spring.client.ErpNetAuthenticationException;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.Query;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockserver.model.HttpResponse.response;

/**
 * Neither the client secret nor an access token appears in the output of a scenario with
 * a token, a 401, a 429, a renewal, Domain API errors and every kind of token error: with
 * every logger at TRACE, request details logged by the codecs, an observation handler
 * that prints what it sees, and the exceptions, beans and health printed. On each HTTP
 * client of the default class path, with either client authentication method.
 * <p>
 * With Reactor Netty's wiretap switched on for the Domain API client, the wiretap logs
 * the bearer token of Domain API requests, as the README says; the token request still
 * shows nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneTests {

	private final MockErpNet erpNet = new MockErpNet();

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	private final List<Throwable> failures = new ArrayList<>();

	@BeforeEach
	void trace() {
		this.loggingSystem.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.TRACE);
		// The stand-in server's own transport, not the starter's
		this.loggingSystem.setLogLevel("org.mockserver", LogLevel.INFO);
	}

	@AfterEach
	void stop() {
		this.loggingSystem.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
		this.loggingSystem.setLogLevel("org.mockserver", null);
		this.erpNet.close();
	}

	static Stream<Arguments> clients() {
		return Stream.of(Arguments.of("reactor", "reactor", "client_secret_post", false),
				Arguments.of("reactor", "simple", "client_secret_basic", false),
				Arguments.of("jdk", "jdk", "client_secret_basic", false),
				Arguments.of("jdk", "simple", "client_secret_post", false),
				Arguments.of("reactor", "reactor", "client_secret_basic", true));
	}

	@ParameterizedTest(name = "{0} connector, {1} factory, {2}, Domain API wiretap {3}")
	@MethodSource("clients")
	void traceOutputShowsNeitherSecretNorTokens(String connector, String factory, String method, boolean wiretap,
			CapturedOutput output) throws IOException {
		ApplicationContextRunner contextRunner = contextRunner(connector, factory, method, wiretap);
		this.erpNet.reject(MockErpNet.token(1));
		this.erpNet.expiresIn(2L);
		this.erpNet.apiFailures(response().withStatusCode(429).withHeader("Retry-After", "0"), 1);
		contextRunner.run((context) -> {
			getCustomers(webClient(context));
			getCustomers(restClient(context));
			Thread.sleep(1200);
			getCustomers(webClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(3);
			domainApiErrors(context);
			print(context);
		});
		for (HttpResponse answer : hostileTokenAnswers()) {
			this.erpNet.tokenFailure(answer);
			contextRunner.run((context) -> {
				record(() -> getCustomers(restClient(context)));
				record(() -> getCustomers(webClient(context)));
				print(context);
			});
		}
		assertThat(this.failures).hasAtLeastOneElementOfType(ErpNetAuthenticationException.class)
			.hasAtLeastOneElementOfType(WebClientResponseException.class)
			.hasAtLeastOneElementOfType(RestClientResponseException.class);
		this.failures.forEach((failure) -> failure.printStackTrace(System.out));
		assertThat(output).contains("Requesting an ERP.net access token")
			.contains("ERP.net answered 401")
			.contains("ERP.net answered 429")
			.contains("clientSecret=******")
			.contains("observed http.client.requests")
			.contains("invalid_client")
			.contains("token_endpoint_redirect")
			.contains("token_endpoint_not_found")
			.contains("invalid_token_response");
		assertThat(output).doesNotContain(MockErpNet.CLIENT_SECRET)
			.doesNotContain(MockErpNet.basicCredentials())
			.doesNotContain("\"access_token\"")
			.doesNotContain("stack-trace-of-the-token-endpoint");
		// The application's own clients may quote an answer's body; the starter never does
		assertThat(this.failures).filteredOn(SecretHygieneTests::isTheStartersOwn)
			.isNotEmpty()
			.allSatisfy((failure) -> assertThat(failure.toString()).doesNotContain("stack-trace-of-the-domain-api"));
		if (wiretap) {
			assertThat(output).contains("Authorization: Bearer eyJ-token-");
		}
		else {
			assertThat(output).doesNotContain("eyJ-token-");
		}
	}

	private ApplicationContextRunner contextRunner(String connector, String factory, String method,
			boolean wiretap) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new PrintingObservationHandler());
		ApplicationContextRunner contextRunner = this.erpNet.contextRunnerWithHttpClients()
			.withConfiguration(AutoConfigurations.of(CodecsAutoConfiguration.class))
			.withPropertyValues("spring.http.codecs.log-request-details=true",
					"spring.http.clients.reactive.connector=" + connector,
					"spring.http.clients.imperative.factory=" + factory,
					"erpnet.client-authentication-method=" + method, "erpnet.token-request.max-attempts=1")
			.withBean(ObservationRegistry.class, () -> registry);
		if (wiretap) {
			contextRunner = contextRunner.withBean(ClientHttpConnectorBuilderCustomizer.class,
					() -> (ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder>) (builder) -> builder
						.withHttpClientCustomizer((client) -> client.wiretap(HttpClient.class.getName(),
								io.netty.handler.logging.LogLevel.DEBUG, AdvancedByteBufFormat.TEXTUAL)));
		}
		return contextRunner;
	}

	private void domainApiErrors(ApplicationContext context) {
		HttpResponse serverError = response().withStatusCode(500)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody("{\"error\":{\"message\":\"Boom\",\"code\":0,\"type\":\"Internal\","
					+ "\"info\":\"stack-trace-of-the-domain-api\"}}");
		this.erpNet.apiFailures(serverError, 3);
		record(() -> getCustomers(webClient(context)));
		record(() -> getCustomers(restClient(context)));
		record(() -> context.getBean(ErpNetDomainApi.class)
			.findPage(Query.from("Crm_Sales_Customers"), ErpNetDomainApiTests.Customer.class));
	}

	private static List<HttpResponse> hostileTokenAnswers() throws IOException {
		String json = MediaType.APPLICATION_JSON.toString();
		return List.of(
				response().withStatusCode(400)
					.withContentType(MediaType.APPLICATION_JSON)
					.withBody("{\"error\":\"invalid_client\",\"error_description\":\"Invalid client_id or "
							+ "client_secret " + MockErpNet.CLIENT_SECRET + "\"}"),
				response().withStatusCode(302).withHeader("Location", "http://127.0.0.1:" + MockErpNet.closedPort()),
				response().withStatusCode(404)
					.withHeader("Content-Type", json)
					.withBody("{\"error\":{\"message\":\"Not found\",\"code\":0,\"type\":\"NotFound\","
							+ "\"info\":\"stack-trace-of-the-token-endpoint\"}}"),
				response().withStatusCode(200)
					.withHeader("Content-Type", json)
					.withBody("{\"access_token\":\"eyJ-token-\\r\\nX-Injected: 1\",\"token_type\":\"Bearer\"}"),
				response().withStatusCode(200)
					.withHeader("Content-Type", json)
					.withBody("{\"access_token\":\"eyJ-token-x\",\"token_type\":\"mac\"}"),
				response().withStatusCode(503).withHeader("Content-Type", "text/html").withBody("<html>down</html>"));
	}

	private static boolean isTheStartersOwn(Throwable failure) {
		return failure.getClass().getPackageName().startsWith("net.erp.spring");
	}

	private void record(Runnable call) {
		Throwable failure = catchThrowable(call::run);
		assertThat(failure).isNotNull();
		this.failures.add(failure);
		if (failure instanceof WebClientResponseException ex && ex.getRequest() != null) {
			System.out.println("request headers: " + ex.getRequest().getHeaders());
		}
		if (failure instanceof RestClientResponseException ex) {
			System.out.println("response: " + ex.getResponseHeaders() + " " + ex.getResponseBodyAsString());
		}
	}

	private static void print(ApplicationContext context) {
		for (String name : context.getBeanDefinitionNames()) {
			if (name.toLowerCase().startsWith("erpnet")) {
				System.out.println(name + ": " + context.getBean(name));
			}
		}
		System.out.println("health: " + ((ReactiveHealthIndicator) context
			.getBean("erpnetHealthContributor", CompositeReactiveHealthContributor.class)
			.getContributor("default")).health(true).block());
	}

	/**
	 * What an application's observation handler can see of every HTTP call.
	 */
	private static final class PrintingObservationHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			System.out.println("observed " + context.getName() + " " + context + " " + requestOf(context));
		}

		private static @Nullable Object requestOf(Observation.Context context) {
			if (context instanceof ClientRequestObservationContext imperative && imperative.getCarrier() != null) {
				return imperative.getCarrier().getHeaders();
			}
			if (context instanceof org.springframework.web.reactive.function.client.ClientRequestObservationContext reactive
					&& reactive.getRequest() != null) {
				return reactive.getRequest().headers() + " " + reactive.getRequest().attributes();
			}
			return null;
		}

	}

}
