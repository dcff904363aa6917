package net.erp.spring.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.erp.spring.client.ErpNetClientSecrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ErpNetMockInstance} over plain HTTP.
 */
class ErpNetMockInstanceTests {

	private static final ObjectMapper objectMapper = new ObjectMapper();

	private final HttpClient httpClient = HttpClient.newHttpClient();

	private final ErpNetMockInstance erpNet = ErpNetMockInstance.demo()
		.trustedApplication(TrustedApplication.of("reader", "reader-secret").withScopes("read"))
		.trustedApplication(TrustedApplication.of("disabled", "disabled-secret").withEnabled(false))
		.trustedApplication(TrustedApplication.of("public", "public-secret").withConfidential(false))
		.trustedApplication(TrustedApplication.of("no-system-user", "secret").withSystemUserAllowed(false))
		.tokenLifetime(Duration.ofMinutes(30))
		.start();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void mainPrintsWhatPointsAnApplicationAtAFreePort() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		try (ErpNetMockInstance started = ErpNetMockInstance.start(new String[0],
				new PrintStream(printed, true, StandardCharsets.UTF_8))) {
			assertThat(started.url()).doesNotEndWith(":8080");
			assertThat(printed.toString(StandardCharsets.UTF_8))
				.startsWith("ERP.net emulator started at " + started.url())
				.contains("erpnet.instance-url=" + started.url() + "\n")
				.contains("erpnet.client-id=" + ErpNetMockInstance.DEMO_CLIENT_ID + "\n")
				.contains("erpnet.client-secret=" + ErpNetMockInstance.DEMO_CLIENT_SECRET + "\n");
		}
	}

	@Test
	void storesOnlyTheSecretHash() {
		assertThat(TrustedApplication.of("app", "secret").applicationSecretHash())
			.isEqualTo("K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=")
			.isEqualTo(ErpNetClientSecrets.hash("secret"));
	}

	@Test
	void issuesJwtShapedTokenForClientSecretPost() throws Exception {
		HttpResponse<String> response = token(form(Map.of("client_id", ErpNetMockInstance.DEMO_CLIENT_ID,
				"client_secret", ErpNetMockInstance.DEMO_CLIENT_SECRET, "grant_type", "client_credentials", "scope",
				"read update")), null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/json"));
		JsonNode body = objectMapper.readTree(response.body());
		assertThat(body.path("expires_in").asLong()).isEqualTo(1800);
		assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
		assertThat(body.path("scope").asText()).isEqualTo("read update");
		String[] jwt = body.path("access_token").asText().split("\\.");
		assertThat(jwt).hasSize(3);
		JsonNode claims = objectMapper.readTree(Base64.getUrlDecoder().decode(jwt[1]));
		assertThat(claims.path("client_id").asText()).isEqualTo(ErpNetMockInstance.DEMO_CLIENT_ID);
		assertThat(claims.path("scope")).extracting(JsonNode::asText).containsExactly("read", "update");
		assertThat(claims.path("exp").asLong()).isCloseTo(Instant.now().plusSeconds(1800).getEpochSecond(),
				org.assertj.core.data.Offset.offset(5L));
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

	@Test
	void issuesTokenForClientSecretBasicWithAllScopesWhenNoneRequested() throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString((URLEncoder.encode(ErpNetMockInstance.DEMO_CLIENT_ID, StandardCharsets.UTF_8) + ":"
					+ ErpNetMockInstance.DEMO_CLIENT_SECRET)
				.getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = token(form(Map.of("grant_type", "client_credentials")),
				"Basic " + credentials);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(objectMapper.readTree(response.body()).path("scope").asText().split(" "))
			.containsExactlyInAnyOrder("read", "update");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			wrong secret           | client_id=net.erp.spring/demo&client_secret=wrong&grant_type=client_credentials   | invalid_client
			unknown client         | client_id=nobody&client_secret=x&grant_type=client_credentials                    | invalid_client
			disabled application   | client_id=disabled&client_secret=disabled-secret&grant_type=client_credentials    | invalid_client
			public client          | client_id=public&client_secret=public-secret&grant_type=client_credentials        | invalid_client
			missing client_id      | client_secret=x&grant_type=client_credentials                                      | invalid_request
			missing client_secret  | client_id=net.erp.spring/demo&grant_type=client_credentials                        | invalid_request
			missing grant_type     | client_id=net.erp.spring/demo&client_secret=demo-secret-for-the-emulator-only      | invalid_request
			password grant         | client_id=net.erp.spring/demo&client_secret=demo-secret-for-the-emulator-only&grant_type=password | unsupported_grant_type
			no system user         | client_id=no-system-user&client_secret=secret&grant_type=client_credentials       | unauthorized_client
			scope not granted      | client_id=reader&client_secret=reader-secret&grant_type=client_credentials&scope=read%20update | invalid_scope
			""")
	void answersOAuth2Errors(String description, String form, String error) throws Exception {
		HttpResponse<String> response = token(form, null);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = objectMapper.readTree(response.body());
		assertThat(body.path("error").asText()).isEqualTo(error);
		assertThat(body.path("error_description").asText()).isNotBlank();
	}

	@Test
	void rejectsNonFormTokenRequest() throws Exception {
		HttpResponse<String> response = this.httpClient.send(HttpRequest
			.newBuilder(URI.create(this.erpNet.url() + "/id/connect/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_request");
	}

	@Test
	void domainApiAnswers401WithoutAValidToken() throws Exception {
		assertThat(get("Crm_Sales_Customers", null).statusCode()).isEqualTo(401);
		assertThat(get("Crm_Sales_Customers", "not-a-token").statusCode()).isEqualTo(401);
		String token = demoToken();
		assertThat(get("Crm_Sales_Customers", token).statusCode()).isEqualTo(200);
		this.erpNet.revokeAllTokens();
		assertThat(get("Crm_Sales_Customers", token).statusCode()).isEqualTo(401);
	}

	@Test
	void domainApiAnswers401ForAnExpiredToken() throws Exception {
		this.erpNet.tokenLifetime(Duration.ofSeconds(1));
		String token = demoToken();
		assertThat(get("Crm_Sales_Customers", token).statusCode()).isEqualTo(200);
		Thread.sleep(1100);
		assertThat(get("Crm_Sales_Customers", token).statusCode()).isEqualTo(401);
	}

	@Test
	void servesAllDemoCustomersWithoutNextLinkWhenTopIsNotSent() throws Exception {
		JsonNode body = json(get("Crm_Sales_Customers", demoToken()));
		assertThat(body.path("@odata.context").asText())
			.isEqualTo(this.erpNet.url() + "/api/domain/odata/$metadata#Crm_Sales_Customers");
		assertThat(body.path("value")).hasSize(25);
		assertThat(body.has("@odata.nextLink")).isFalse();
		assertThat(body.path("value").get(0).path("@odata.id").asText())
			.isEqualTo("Crm_Sales_Customers(d94ea2fc-edd7-410c-ad6a-0d2bab8a1d06)");
	}

	@Test
	void pagesWithTopSkipCountAndNextLinkFollowedVerbatim() throws Exception {
		String token = demoToken();
		JsonNode page = json(get("Crm_Sales_Customers?$top=10&$count=true&$select=Number", token));
		List<String> numbers = new ArrayList<>();
		int pages = 0;
		while (true) {
			pages++;
			assertThat(page.path("@odata.count").asInt()).isEqualTo(25);
			page.path("value").forEach((customer) -> {
				numbers.add(customer.path("Number").asText());
				assertThat(customer.has("DisplayText")).isFalse();
			});
			if (!page.has("@odata.nextLink")) {
				break;
			}
			page = json(send(HttpRequest.newBuilder(URI.create(page.path("@odata.nextLink").asText())), token));
		}
		assertThat(pages).isEqualTo(3);
		assertThat(numbers).hasSize(25).doesNotHaveDuplicates();
		assertThat(json(get("Crm_Sales_Customers?$skip=20", token)).path("value")).hasSize(5);
	}

	@Test
	void filtersWithEqAndAndNestedPaths() throws Exception {
		String token = demoToken();
		assertThat(numbers(get("Crm_Sales_Customers?$filter=" + encode("Number eq 'C00002'"), token)))
			.containsExactly("C00002");
		assertThat(numbers(get("Crm_Sales_Customers?$filter=" + encode("Active eq false"), token))).hasSize(2);
		assertThat(numbers(get("Crm_Sales_Customers?$filter=" + encode("Party/PartyCode eq '00102' and Active eq true"),
				token)))
			.containsExactly("C00002");
		assertThat(numbers(get("Crm_Sales_Customers?$filter=" + encode("Id eq 0eeff843-d4cb-4652-a30f-142f354de58e"),
				token)))
			.containsExactly("C00002");
		assertThat(get("Crm_Sales_Customers?$filter=" + encode("Number eq 'C00002' or Number eq 'C00003'"), token)
			.statusCode()).isEqualTo(400);
		assertThat(get("Crm_Sales_Customers/$count?$filter=" + encode("Active eq false"), token).body())
			.isEqualTo("2");
	}

	@Test
	void getsByKeyAndAnswers404ForAnUnknownKey() throws Exception {
		String token = demoToken();
		JsonNode customer = json(get("Crm_Sales_Customers(0eeff843-d4cb-4652-a30f-142f354de58e)", token));
		assertThat(customer.path("Number").asText()).isEqualTo("C00002");
		assertThat(customer.path("@odata.context").asText()).endsWith("$metadata#Crm_Sales_Customers/$entity");
		HttpResponse<String> missing = get("Crm_Sales_Customers(00000000-0000-0000-0000-000000000000)", token);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(json(missing).path("error").path("message").asText()).isNotBlank();
	}

	@Test
	void createsUpdatesAndDeletes() throws Exception {
		String token = demoToken();
		HttpResponse<String> created = send(HttpRequest.newBuilder(api("Crm_Sales_Customers"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"Number\":\"C00099\",\"Active\":true}")), token);
		assertThat(created.statusCode()).isEqualTo(201);
		String id = json(created).path("Id").asText();
		HttpResponse<String> patched = send(HttpRequest.newBuilder(api("Crm_Sales_Customers(" + id + ")"))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Active\":false}")), token);
		assertThat(patched.statusCode()).isEqualTo(204);
		assertThat(json(get("Crm_Sales_Customers(" + id + ")", token)).path("Active").asBoolean()).isFalse();
		assertThat(send(HttpRequest.newBuilder(api("Crm_Sales_Customers(" + id + ")")).DELETE(), token).statusCode())
			.isEqualTo(204);
		assertThat(get("Crm_Sales_Customers(" + id + ")", token).statusCode()).isEqualTo(404);
	}

	@Test
	void answers403ToAWriteWithoutTheUpdateScope() throws Exception {
		String token = accessToken("reader", "reader-secret", "read");
		assertThat(get("Crm_Sales_Customers", token).statusCode()).isEqualTo(200);
		HttpResponse<String> response = send(HttpRequest.newBuilder(api("Crm_Sales_Customers"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"Number\":\"C00099\"}")), token);
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void injectsFaultsAndCountsRequests() throws Exception {
		String token = demoToken();
		Instant retryAt = Instant.parse("2030-01-01T00:00:00Z");
		this.erpNet.failApiRequests(Fault.tooManyRequests(Duration.ofSeconds(2)), 1);
		this.erpNet.failApiRequests(Fault.tooManyRequests(null), 1);
		this.erpNet.failApiRequests(Fault.tooManyRequestsUntil(retryAt), 1);
		this.erpNet.failApiRequests(Fault.serverError(2029, "EnterpriseOneServerException", "Validation failed"), 1);
		this.erpNet.failApiRequests(Fault.serviceUnavailable().after(Duration.ofMillis(300)), 1);
		HttpResponse<String> first = get("Crm_Sales_Customers", token);
		assertThat(first.statusCode()).isEqualTo(429);
		assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
		HttpResponse<String> second = get("Crm_Sales_Customers", token);
		assertThat(second.statusCode()).isEqualTo(429);
		assertThat(second.headers().firstValue("Retry-After")).isEmpty();
		assertThat(get("Crm_Sales_Customers", token).headers().firstValue("Retry-After"))
			.hasValue("Tue, 1 Jan 2030 00:00:00 GMT");
		HttpResponse<String> serverError = get("Crm_Sales_Customers", token);
		assertThat(serverError.statusCode()).isEqualTo(500);
		JsonNode error = json(serverError).path("error");
		assertThat(error.path("code").asInt()).isEqualTo(2029);
		assertThat(error.path("type").asText()).isEqualTo("EnterpriseOneServerException");
		assertThat(error.path("message").asText()).isEqualTo("Validation failed");
		assertThat(error.has("info")).isTrue();
		long start = System.nanoTime();
		assertThat(get("Crm_Sales_Customers", token).statusCode()).isEqualTo(503);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(get("Crm_Sales_Customers", token).statusCode()).isEqualTo(200);
		assertThat(this.erpNet.apiRequestCount()).isEqualTo(6);
		assertThat(this.erpNet.tokenRequestCount()).isOne();
		this.erpNet.failTokenRequests(Fault.serviceUnavailable(), 1);
		assertThat(token(form(Map.of("client_id", ErpNetMockInstance.DEMO_CLIENT_ID, "client_secret",
				ErpNetMockInstance.DEMO_CLIENT_SECRET, "grant_type", "client_credentials")), null)
			.statusCode()).isEqualTo(503);
	}

	@Test
	void enforcesOneRequestAtATimeWithFiveWaitingPerSession() throws Exception {
		String token = demoToken();
		this.erpNet.enforceSessionLimits(true);
		this.erpNet.apiDelay(Duration.ofMillis(400));
		List<CompletableFuture<HttpResponse<String>>> requests = IntStream.range(0, 7)
			.mapToObj((i) -> this.httpClient.sendAsync(HttpRequest.newBuilder(api("Crm_Sales_Customers?$top=1"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString()))
			.toList();
		List<Integer> statuses = requests.stream().map((request) -> request.join().statusCode()).toList();
		// One served, five waited their turn, the seventh found the queue full
		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(6);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(1);
		assertThat(this.erpNet.maxConcurrentApiRequests()).isEqualTo(7);
		assertThat(this.erpNet.tooManyRequestsCount()).isOne();
		// Another session has limits of its own
		this.erpNet.apiDelay(Duration.ZERO);
		assertThat(get("Crm_Sales_Customers?$top=1", accessToken("reader", "reader-secret", "read")).statusCode())
			.isEqualTo(200);
		assertThat(this.erpNet.sessionCount()).isEqualTo(2);
	}

	@Test
	void enforces600RequestsAMinuteAndOneTransactionPerSession() throws Exception {
		String token = demoToken();
		this.erpNet.enforceSessionLimits(true);
		for (int i = 0; i < 600; i++) {
			assertThat(get("Crm_Sales_Customers?$top=1", token).statusCode()).as("request %d", i).isEqualTo(200);
		}
		assertThat(get("Crm_Sales_Customers?$top=1", token).statusCode()).isEqualTo(429);
		assertThat(this.erpNet.tooManyRequestsCount()).isOne();
		this.erpNet.resetCounts();
		HttpResponse<String> begin = send(HttpRequest.newBuilder(api("BeginTransaction"))
			.POST(HttpRequest.BodyPublishers.ofString("{}")), token);
		assertThat(begin.statusCode()).isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(api("BeginTransaction")).POST(HttpRequest.BodyPublishers.ofString("{}")),
				token)
			.statusCode()).isEqualTo(429);
		assertThat(send(HttpRequest.newBuilder(api("EndTransaction"))
			.header("TransactionId", begin.body())
			.POST(HttpRequest.BodyPublishers.ofString("{\"commit\":false}")), token).statusCode()).isEqualTo(204);
		assertThat(send(HttpRequest.newBuilder(api("BeginTransaction")).POST(HttpRequest.BodyPublishers.ofString("{}")),
				token)
			.statusCode()).isEqualTo(200);
		this.erpNet.enforceSessionLimits(false);
		assertThat(send(HttpRequest.newBuilder(api("BeginTransaction")).POST(HttpRequest.BodyPublishers.ofString("{}")),
				token)
			.statusCode()).isEqualTo(200);
		assertThat(this.erpNet.sessionCount()).isOne();
	}

	private String demoToken() throws Exception {
		return accessToken(ErpNetMockInstance.DEMO_CLIENT_ID, ErpNetMockInstance.DEMO_CLIENT_SECRET, "read update");
	}

	private String accessToken(String clientId, String secret, String scope) throws Exception {
		HttpResponse<String> response = token(
				form(Map.of("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials", "scope",
						scope)),
				null);
		assertThat(response.statusCode()).isEqualTo(200);
		return objectMapper.readTree(response.body()).path("access_token").asText();
	}

	private HttpResponse<String> token(String form, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.erpNet.url() + "/id/connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String resource, String token) throws Exception {
		return send(HttpRequest.newBuilder(api(resource)), token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI api(String resource) {
		return URI.create(this.erpNet.url() + "/api/domain/odata/" + resource);
	}

	private static List<String> numbers(HttpResponse<String> response) throws Exception {
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> numbers = new ArrayList<>();
		json(response).path("value").forEach((customer) -> numbers.add(customer.path("Number").asText()));
		return numbers;
	}

	private static JsonNode json(HttpResponse<String> response) throws Exception {
		return objectMapper.readTree(response.body());
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
