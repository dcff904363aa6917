package net.erp.spring.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
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

	// The JDK client is then the back channel too
	private static final String WITHOUT_REACTOR_NETTY = "jdk without Reactor Netty";

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	static Stream<Arguments> redirects() {
		return Stream.of(302, 307, 308)
			.flatMap((status) -> Stream.of("client_secret_post", "client_secret_basic")
				.flatMap((method) -> Stream.of(Arguments.of(status, method, "reactor", "follow-when-possible"),
						Arguments.of(status, method, "jdk", "follow"),
						Arguments.of(status, method, WITHOUT_REACTOR_NETTY, "follow"))));
	}

	@ParameterizedTest(name = "{0} with {1} on {2}, redirects {3}")
	@MethodSource("redirects")
	void redirectIsNeverFollowedAndNamesWhereItPointed(int status, String method, String connector, String redirects)
			throws IOException {
		try (OtherHost otherHost = new OtherHost()) {
			this.erpNet.tokenFailure(response().withStatusCode(status)
				.withHeader("Location", otherHost.url() + "/id/connect/token?steal=1"));
			withConnector(this.erpNet.contextRunnerWithHttpClients(), connector)
				.withPropertyValues("erpnet.client-authentication-method=" + method,
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

	@ParameterizedTest
	@ValueSource(strings = { "reactor", WITHOUT_REACTOR_NETTY })
	void tokenRequestGoesThroughTheJvmsProxy(String connector) throws IOException {
		try (RecordingProxy proxy = new RecordingProxy()) {
			System.setProperty("http.proxyHost", "127.0.0.2");
			System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
			// Empty: otherwise both clients send loopback requests past the proxy
			System.setProperty("http.nonProxyHosts", "");
			withConnector(this.erpNet.contextRunnerWithHttpClients(), connector)
				.withPropertyValues("erpnet.token-request.max-attempts=1")
				.run((context) -> {
					assertThatExceptionOfType(ErpNetAuthenticationException.class)
						.isThrownBy(() -> getCustomers(webClient(context)));
					assertThat(proxy.requestLines()).singleElement()
						.asString()
						.contains(this.erpNet.url().substring("http://".length()));
					assertThat(this.erpNet.tokenRequestCount()).isZero();
				});
		}
		finally {
			System.clearProperty("http.proxyHost");
			System.clearProperty("http.proxyPort");
			System.clearProperty("http.nonProxyHosts");
		}
	}

	private static ApplicationContextRunner withConnector(ApplicationContextRunner contextRunner, String connector) {
		if (connector.equals(WITHOUT_REACTOR_NETTY)) {
			return contextRunner.withClassLoader(new FilteredClassLoader("reactor.netty"))
				.withPropertyValues("spring.http.clients.reactive.connector=jdk",
						"spring.http.clients.imperative.factory=jdk");
		}
		return contextRunner.withPropertyValues("spring.http.clients.reactive.connector=" + connector,
				"spring.http.clients.imperative.factory=" + connector);
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

	/**
	 * A forward proxy on another loopback address that records the first line of each
	 * request (a {@code CONNECT} or an absolute URL) and refuses it with 502.
	 */
	private static final class RecordingProxy implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));

		private final List<String> requestLines = new CopyOnWriteArrayList<>();

		RecordingProxy() throws IOException {
			Thread server = new Thread(this::serve, "recording-proxy");
			server.setDaemon(true);
			server.start();
		}

		private void serve() {
			while (!this.socket.isClosed()) {
				try (Socket connection = this.socket.accept()) {
					BufferedReader reader = new BufferedReader(
							new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
					this.requestLines.add(String.valueOf(reader.readLine()));
					connection.getOutputStream()
						.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
							.getBytes(StandardCharsets.ISO_8859_1));
				}
				catch (IOException ex) {
					// closed, or the client went away
				}
			}
		}

		int port() {
			return this.socket.getLocalPort();
		}

		List<String> requestLines() {
			return this.requestLines;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
