package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockserver.model.HttpRequest;

import net.erp.spring.client.ErpNetAuthenticationException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockserver.model.HttpResponse.response;

/**
 * The token request goes through a back channel of the starter's own: it follows no
 * redirect, runs none of the application's customizers, filters or connector
 * customizations, and takes only the SSL bundle and the observation registry.
 */
class TokenBackChannelTests {

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	static Stream<Arguments> redirects() {
		return Stream.of(302, 307, 308)
			.flatMap((status) -> Stream.of("client_secret_post", "client_secret_basic")
				.flatMap((method) -> Stream.of(Arguments.of(status, method, "reactor", "follow-when-possible"),
						Arguments.of(status, method, "jdk", "follow"))));
	}

	@ParameterizedTest(name = "{0} with {1} on {2}, redirects {3}")
	@MethodSource("redirects")
	void redirectIsNeverFollowedAndNamesWhereItPointed(int status, String method, String connector, String redirects)
			throws IOException {
		try (OtherHost otherHost = new OtherHost()) {
			this.erpNet.tokenFailure(response().withStatusCode(status)
				.withHeader("Location", otherHost.url() + "/id/connect/token?steal=1"));
			this.erpNet.contextRunnerWithHttpClients()
				.withPropertyValues("erpnet.client-authentication-method=" + method,
						"spring.http.clients.reactive.connector=" + connector,
						"spring.http.clients.imperative.factory=" + connector,
						"spring.http.clients.redirects=" + redirects)
				.run((context) -> {
					assertThatExceptionOfType(ErpNetAuthenticationException.class)
						.isThrownBy(() -> getCustomers(webClient(context)))
						.satisfies((ex) -> {
							assertThat(ex.getErrorCode()).isEqualTo("token_endpoint_redirect");
							assertThat(ex.getDescription()).isEqualTo("The token endpoint " + this.erpNet.url()
									+ "/id/connect/token answered HTTP " + status + " with a redirect to "
									+ otherHost.url() + ", which is not followed");
							assertThat(ex.getHint()).contains("(here to " + otherHost.url() + ")")
								.contains("erpnet.instance-url")
								.doesNotContain("steal");
						});
					assertThat(otherHost.requests()).isEmpty();
					assertThat(this.erpNet.tokenRequestCount()).isOne();
					assertThat(this.erpNet.apiRequestCount()).isZero();
				});
		}
	}

	@Test
	void applicationCustomizersFiltersAndConnectorCustomizationsSeeOnlyTheDomainApiRequests() {
		List<String> filtered = new CopyOnWriteArrayList<>();
		List<String> connected = new CopyOnWriteArrayList<>();
		ExchangeFilterFunction recording = (request, next) -> {
			filtered.add(request.url().getPath());
			return next.exchange(request);
		};
		this.erpNet.contextRunnerWithHttpClients()
			.withBean(WebClientCustomizer.class,
					() -> (builder) -> builder.defaultHeader("X-Customized-By", "webclient-customizer").filter(recording))
			.withBean(RestClientCustomizer.class,
					() -> (builder) -> builder.defaultHeader("X-Customized-By", "restclient-customizer"))
			.withBean(ClientHttpConnectorBuilderCustomizer.class,
					() -> (ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder>) (builder) -> builder
						.withHttpClientCustomizer((client) -> client
							.doOnRequest((request, connection) -> connected.add(request.fullPath()))))
			.run((context) -> {
				getCustomers(webClient(context));
				getCustomers(restClient(context));
				assertThat(this.erpNet.tokenRequests()).singleElement()
					.satisfies((request) -> assertThat(request.containsHeader("X-Customized-By")).isFalse());
				assertThat(this.erpNet.apiRequests()).extracting((request) -> request.getFirstHeader("X-Customized-By"))
					.containsExactly("webclient-customizer", "restclient-customizer");
				assertThat(filtered).containsExactly("/api/domain/odata/Crm_Sales_Customers");
				assertThat(connected).containsExactly("/api/domain/odata/Crm_Sales_Customers");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "client_secret_post", "client_secret_basic" })
	void tokenRequestIsObservedWithoutTheSecret(String method) {
		List<ClientRequestObservationContext> observed = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof ClientRequestObservationContext;
			}

			@Override
			public void onStop(Observation.Context context) {
				observed.add((ClientRequestObservationContext) context);
			}

		});
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.client-authentication-method=" + method)
			.withBean(ObservationRegistry.class, () -> registry)
			.run((context) -> {
				getCustomers(webClient(context));
				assertThat(this.erpNet.tokenRequests()).singleElement()
					.satisfies((request) -> assertThat(request.getBodyAsString().contains(MockErpNet.CLIENT_SECRET))
						.isEqualTo(method.equals("client_secret_post")));
				assertThat(observed).first().satisfies((token) -> {
					assertThat(token.getLowCardinalityKeyValue("client.name").getValue())
						.isEqualTo("erpnet:127.0.0.1");
					assertThat(token.getLowCardinalityKeyValue("uri").getValue()).isEqualTo("/id/connect/token");
					assertThat(token.getLowCardinalityKeyValue("status").getValue()).isEqualTo("200");
					assertThat(token.getRequest().headers().containsHeader("Authorization")).isFalse();
					assertThat(token.getRequest().headers() + " " + token.getRequest().attributes() + " " + token)
						.doesNotContain(MockErpNet.CLIENT_SECRET)
						.doesNotContain(MockErpNet.basicCredentials());
				});
			});
	}

	@Test
	void tlsIsVerifiedWithTheApplicationsSslBundle() {
		String instanceUrl = this.erpNet.url().replace("http://", "https://");
		this.erpNet.contextRunnerWithHttpClients()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("erpnet.instance-url=" + instanceUrl)
			.run((context) -> assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> getCustomers(webClient(context)))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("token_endpoint_unreachable")));
		assertThat(this.erpNet.tokenRequestCount()).isZero();
		this.erpNet.contextRunnerWithHttpClients()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("erpnet.instance-url=" + instanceUrl, "spring.http.clients.ssl.bundle=erpnet",
					"spring.ssl.bundle.pem.erpnet.truststore.certificate="
							+ "classpath:org/mockserver/socket/CertificateAuthorityCertificate.pem")
			.run((context) -> {
				assertThat(getCustomers(webClient(context))).contains("C00001");
				assertThat(getCustomers(restClient(context))).contains("C00001");
				assertThat(this.erpNet.tokenRequests()).singleElement()
					.extracting(HttpRequest::isSecure)
					.isEqualTo(true);
			});
	}

}
