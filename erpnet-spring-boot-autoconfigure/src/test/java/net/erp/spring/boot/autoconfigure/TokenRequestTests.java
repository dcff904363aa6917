package net.erp.spring.boot.autoconfigure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockserver.model.HttpRequest;

import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The token request the starter sends, the bearer token on Domain API calls, and how the
 * token is reused and renewed.
 */
class TokenRequestTests {

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void tokenRequestIsTheDocumentedClientSecretPostForm() {
		this.erpNet.contextRunner().run((context) -> {
			assertThat(getCustomers(webClient(context))).contains("C00001");
			assertThat(this.erpNet.tokenRequests()).singleElement().satisfies((request) -> {
				assertThat(request.getMethod().getValue()).isEqualTo("POST");
				assertThat(request.getPath().getValue()).isEqualTo("/id/connect/token");
				assertThat(request.getFirstHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
				assertThat(request.containsHeader("Authorization")).isFalse();
				assertThat(form(request)).containsExactlyInAnyOrderEntriesOf(Map.of("client_id", MockErpNet.CLIENT_ID,
						"client_secret", MockErpNet.CLIENT_SECRET, "grant_type", "client_credentials", "scope",
						"read update"));
			});
		});
	}

	@Test
	void tokenRequestUsesHttpBasicWhenConfigured() {
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.client-authentication-method=client_secret_basic")
			.run((context) -> {
				getCustomers(restClient(context));
				assertThat(this.erpNet.tokenRequests()).singleElement().satisfies((request) -> {
					assertThat(request.getFirstHeader("Authorization")).isEqualTo("Basic " + MockErpNet.basicCredentials());
					assertThat(form(request)).containsExactlyInAnyOrderEntriesOf(
							Map.of("grant_type", "client_credentials", "scope", "read update"));
				});
			});
	}

	@Test
	void httpBasicCredentialsAreFormEncodedFirst() {
		this.erpNet.contextRunner()
			.withPropertyValues("erpnet.client-authentication-method=client_secret_basic",
					"erpnet.client-secret=a+b:c/d=")
			.run((context) -> {
				getCustomers(restClient(context));
				String credentials = MockErpNet.CLIENT_ID + ":a%2Bb%3Ac%2Fd%3D";
				assertThat(this.erpNet.tokenRequests()).singleElement()
					.satisfies((request) -> assertThat(request.getFirstHeader("Authorization")).isEqualTo(
							"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
			});
	}

	@Test
	void domainApiCallsCarryTheBearerToken() {
		this.erpNet.contextRunner().run((context) -> {
			getCustomers(webClient(context));
			getCustomers(restClient(context));
			assertThat(this.erpNet.apiRequests()).hasSize(2).allSatisfy((request) -> {
				assertThat(request.getPath().getValue()).isEqualTo("/api/domain/odata/Crm_Sales_Customers");
				assertThat(request.getFirstQueryStringParameter("$top")).isEqualTo("10");
				assertThat(request.getFirstHeader("Authorization")).isEqualTo("Bearer " + MockErpNet.token(1));
			});
		});
	}

	@Test
	void tokenIsReusedByBothClients() {
		this.erpNet.contextRunner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			for (int i = 0; i < 3; i++) {
				getCustomers(webClient(context));
				getCustomers(restClient(context));
			}
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(6);
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("erpnet.token.requests").tag("outcome", "success").timer().count()).isOne();
			assertThat(meters.get("erpnet.token.cache.hits").counter().count()).isEqualTo(5);
		});
	}

	@Test
	void tokenIsRenewedRefreshSkewBeforeItExpires() {
		this.erpNet.expiresIn(3L);
		this.erpNet.contextRunner().withPropertyValues("erpnet.token-refresh-skew=1s").run((context) -> {
			getCustomers(webClient(context));
			getCustomers(restClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			Thread.sleep(2200);
			getCustomers(restClient(context));
			getCustomers(webClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
			assertThat(this.erpNet.apiRequests()).last()
				.satisfies((request) -> assertThat(request.getFirstHeader("Authorization"))
					.isEqualTo("Bearer " + MockErpNet.token(2)));
		});
	}

	@Test
	void tokenLivingShorterThanTheSkewIsRenewedAtHalfLifeNotOnEveryCall() {
		this.erpNet.expiresIn(2L);
		this.erpNet.contextRunner().run((context) -> {
			for (int i = 0; i < 5; i++) {
				getCustomers(webClient(context));
			}
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			Thread.sleep(1200);
			getCustomers(restClient(context));
			getCustomers(webClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void tokenWithoutExpiresInIsCachedForTheDefaultLifetime() {
		this.erpNet.expiresIn(null);
		this.erpNet.contextRunner().run((context) -> {
			for (int i = 0; i < 5; i++) {
				getCustomers(webClient(context));
				getCustomers(restClient(context));
			}
			assertThat(this.erpNet.tokenRequestCount()).isOne();
			assertThat(MockErpNet.cachedToken(context).getExpiresAt())
				.isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(Duration.ofMinutes(1)));
		});
	}

	static WebClient webClient(ApplicationContext context) {
		return context.getBean("erpNetWebClient", WebClient.class);
	}

	static RestClient restClient(ApplicationContext context) {
		return context.getBean("erpNetRestClient", RestClient.class);
	}

	static String getCustomers(WebClient webClient) {
		return webClient.get().uri("/Crm_Sales_Customers?$top=10").retrieve().bodyToMono(String.class).block();
	}

	static String getCustomers(RestClient restClient) {
		return restClient.get().uri("/Crm_Sales_Customers?$top=10").retrieve().body(String.class);
	}

	private static Map<String, String> form(HttpRequest request) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : request.getBodyAsString().split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			form.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
					URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
		}
		return form;
	}

}
