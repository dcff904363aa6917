package net.erp.spring.boot.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import net.erp.spring.client.ErpNetApiException;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ErpNetTransactionOptions;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.client.domain.Query;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockserver.model.HttpResponse.response;

/**
 * The Domain API clients against exact answers: the URLs they send, how they page, and
 * how errors and transactions go.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ErpNetDomainApiTests {

	private static final String WRAPPED_ERROR = "{\"error\":{\"message\":\"Validation R27159 failed\",\"code\":2029,"
			+ "\"type\":\"EnterpriseOneServerException\",\"info\":\"   at Aloe.Server.Save()\","
			+ "\"messageFormat\":null,\"parameters\":null}}";

	private static final String FLAT_ERROR = "{\"message\":\"Prohibited duplication\",\"code\":2129,"
			+ "\"type\":\"EnterpriseOneServerException\",\"info\":\"System.Exception: Prohibited duplication\"}";

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	record Customer(String Number) {

	}

	enum State {

		Released, Completed

	}

	@Test
	void sendsTheQueryAsEncoded() {
		this.erpNet.apiHandler((request) -> page(List.of("C00001"), null));
		this.erpNet.contextRunner().run((context) -> {
			Query query = Query.from("Crm_Sales_Customers")
				.filter(Filter.eq("Name", "O'Brien & Søn").and(Filter.ge("FromDate", LocalDate.of(2024, 1, 1))))
				.filter(Filter.eq("Id", UUID.fromString("0eeff843-d4cb-4652-a30f-142f354de58e")))
				.filter(Filter.le("CreditLimitValue", new BigDecimal("1000.50")).and(Filter.eq("Active", true)))
				.filter(Filter.le("FromDate", OffsetDateTime.of(2024, 1, 31, 10, 0, 0, 0, ZoneOffset.ofHours(2))))
				.filter(Filter.in("State", List.of(State.Released, State.Completed)).and(Filter.isNull("ThruDate")))
				.select("Number")
				.top(5);
			reactiveDomainApi(context).findPage(query, Customer.class).block();
			domainApi(context).findPage(query, Customer.class);
			assertThat(this.erpNet.apiRequests()).hasSize(2).allSatisfy((request) -> {
				assertThat(request.getPath().getValue()).isEqualTo("/api/domain/odata/Crm_Sales_Customers");
				assertThat(request.getFirstQueryStringParameter("$filter")).isEqualTo("Name eq 'O''Brien & Søn' and "
						+ "FromDate ge 2024-01-01T00:00:00Z and Id eq 0eeff843-d4cb-4652-a30f-142f354de58e and "
						+ "CreditLimitValue le 1000.50 and Active eq true and FromDate le 2024-01-31T10:00:00+02:00 and "
						+ "State in ('Released','Completed') and ThruDate eq null");
				assertThat(request.getFirstQueryStringParameter("$select")).isEqualTo("Number");
				assertThat(request.getFirstQueryStringParameter("$top")).isEqualTo("5");
			});
		});
	}

	@Test
	void countSendsOnlyTheFilter() {
		this.erpNet.apiHandler((request) -> response().withStatusCode(200)
			.withContentType(MediaType.TEXT_PLAIN)
			.withBody("7"));
		this.erpNet.contextRunner().run((context) -> {
			Query query = Query.from("Crm_Sales_Customers")
				.filter(Filter.eq("Active", false))
				.select("Number")
				.expand("Party")
				.orderBy("Number desc")
				.top(5)
				.skip(10)
				.count();
			assertThat(domainApi(context).count(query)).isEqualTo(7);
			assertThat(reactiveDomainApi(context).count(query).block()).isEqualTo(7);
			assertThat(domainApi(context).count(Query.from("Crm_Sales_Customers").top(1))).isEqualTo(7);
			String count = "/api/domain/odata/Crm_Sales_Customers/$count";
			assertThat(this.erpNet.apiRequests()).extracting((request) -> request.getPath().getValue() + " "
					+ request.getQueryStringParameterList()
						.stream()
						.map((parameter) -> parameter.getName().getValue() + "=" + parameter.getValues())
						.toList())
				.containsExactly(count + " [$filter=[Active eq false]]", count + " [$filter=[Active eq false]]",
						count + " []");
		});
	}

	@Test
	void followsNextLinksVerbatimAndOnlyOnDemand() {
		this.erpNet.apiHandler(this::pageBySkipToken);
		this.erpNet.contextRunner().withPropertyValues("erpnet.domain-api.page-size=2").run((context) -> {
			StepVerifier.create(reactiveDomainApi(context).findAll(Query.from("Crm_Sales_Customers"), Customer.class), 3)
				.expectNextCount(3)
				.thenAwait(Duration.ofMillis(200))
				.then(() -> assertThat(this.erpNet.apiRequestCount()).isEqualTo(2))
				.thenCancel()
				.verify();
			Thread.sleep(200);
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
			List<HttpRequest> requests = this.erpNet.apiRequests();
			assertThat(requests.get(0).getFirstQueryStringParameter("$top")).isEqualTo("2");
			assertThat(requests.get(1).getFirstQueryStringParameter("$skiptoken")).isEqualTo("c00003");
			List<String> all = reactiveDomainApi(context).findAll(Query.from("Crm_Sales_Customers"), Customer.class)
				.map(Customer::Number)
				.collectList()
				.block();
			assertThat(all).hasSize(7).doesNotHaveDuplicates();
			assertThat(domainApi(context).findAll(Query.from("Crm_Sales_Customers"), Customer.class)
				.map(Customer::Number)
				.collect(Collectors.toList())).isEqualTo(all);
		});
	}

	@Test
	void blockingStreamFetchesPagesLazilyAndTopLimitsTheTotal() {
		this.erpNet.apiHandler(this::pageBySkipToken);
		this.erpNet.contextRunner().withPropertyValues("erpnet.domain-api.page-size=2").run((context) -> {
			assertThat(domainApi(context).findAll(Query.from("Crm_Sales_Customers"), Customer.class).limit(3))
				.hasSize(3);
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
			assertThat(reactiveDomainApi(context).findAll(Query.from("Crm_Sales_Customers").top(3), Customer.class)
				.collectList()
				.block()).hasSize(3);
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(4);
		});
	}

	@Test
	void followsRelativeNextLinks() {
		this.erpNet.apiHandler((request) -> (request.getFirstQueryStringParameter("$skiptoken").isEmpty())
				? page(List.of("C00001"), "Crm_Sales_Customers?$top=1&$skiptoken=abc")
				: page(List.of("C00002"), null));
		this.erpNet.contextRunner().run((context) -> {
			assertThat(domainApi(context).findAll(Query.from("Crm_Sales_Customers"), Customer.class))
				.extracting(Customer::Number)
				.containsExactly("C00001", "C00002");
			assertThat(this.erpNet.apiRequests().get(1).getPath().getValue())
				.isEqualTo("/api/domain/odata/Crm_Sales_Customers");
		});
	}

	@Test
	void mapsWrappedAndFlatErrorBodies() {
		this.erpNet.apiFailures(error(500, WRAPPED_ERROR), 2);
		this.erpNet.apiFailures(error(500, FLAT_ERROR), 2);
		this.erpNet.apiFailures(response().withStatusCode(404), 1);
		this.erpNet.contextRunner().run((context) -> {
			UUID id = UUID.randomUUID();
			for (int i = 0; i < 2; i++) {
				ErpNetApiException wrapped = (i == 0)
						? catchApi(() -> reactiveDomainApi(context).update("Crm_Sales_Customers", id, "{}").block())
						: catchApi(() -> domainApi(context).update("Crm_Sales_Customers", id, "{}"));
				assertThat(wrapped.getStatusCode()).isEqualTo(500);
				assertThat(wrapped.getErrorCode()).isEqualTo(2029);
				assertThat(wrapped.getType()).isEqualTo("EnterpriseOneServerException");
				assertThat(wrapped.getErrorMessage()).isEqualTo("Validation R27159 failed");
				assertThat(wrapped.getInfo()).isEqualTo("   at Aloe.Server.Save()");
				assertThat(wrapped.getMessage()).isEqualTo("ERP.net answered HTTP 500: Validation R27159 failed "
						+ "[code 2029, EnterpriseOneServerException]").doesNotContain("Aloe.Server");
			}
			for (int i = 0; i < 2; i++) {
				ErpNetApiException flat = (i == 0)
						? catchApi(() -> reactiveDomainApi(context).create("Crm_Sales_Customers", "{}", Customer.class).block())
						: catchApi(() -> domainApi(context).create("Crm_Sales_Customers", "{}", Customer.class));
				assertThat(flat.getErrorCode()).isEqualTo(2129);
				assertThat(flat.getErrorMessage()).isEqualTo("Prohibited duplication");
				assertThat(flat.getInfo()).isEqualTo("System.Exception: Prohibited duplication");
			}
			ErpNetApiException notFound = catchApi(() -> domainApi(context)
				.findById(Query.from("Crm_Sales_Customers"), id, Customer.class));
			assertThat(notFound.getStatusCode()).isEqualTo(404);
			assertThat(notFound.getErrorMessage()).isEqualTo("Not Found");
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(5);
		});
	}

	@Test
	void transactionCommitsWhenTheWorkCompletes() {
		this.erpNet.apiHandler(this::transactions);
		this.erpNet.contextRunner().run((context) -> {
			UUID id = UUID.fromString("33cd6cb9-0f43-df11-a1e1-0018f3790817");
			String result = reactiveDomainApi(context)
				.inTransaction(ErpNetTransactionOptions.frontEnd().trackingChanges(),
						(transaction) -> transaction.update("Crm_Sales_SalesOrders", id, "{\"DocumentDate\":\"2020-05-08\"}")
							.then(transaction.changes())
							.map((changes) -> changes.path("update").toString()))
				.block();
			assertThat(result).isEqualTo("{}");
			List<HttpRequest> requests = this.erpNet.apiRequests();
			assertThat(requests).extracting((request) -> request.getMethod().getValue() + " " + request.getPath().getValue())
				.containsExactly("POST /api/domain/odata/BeginTransaction",
						"PATCH /api/domain/odata/Crm_Sales_SalesOrders(" + id + ")", "GET /api/domain/odata/GetChanges",
						"POST /api/domain/odata/EndTransaction");
			assertThat(compact(requests.get(0))).isEqualTo("{\"model\":\"frontend\",\"trackChanges\":true}");
			assertThat(requests.subList(1, 4)).allSatisfy(
					(request) -> assertThat(request.getFirstHeader("TransactionId")).isEqualTo("fd5d3bbc38ae4dd9a8a5c0ff46c8e3af"));
			assertThat(compact(requests.get(3))).isEqualTo("{\"commit\":true}");
		});
	}

	@Test
	void transactionRollsBackWhenTheWorkFailsOrIsCancelled() {
		this.erpNet.apiHandler(this::transactions);
		this.erpNet.contextRunner().run((context) -> {
			UUID id = UUID.randomUUID();
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> reactiveDomainApi(context)
				.inTransaction(ErpNetTransactionOptions.common(), (transaction) -> transaction
					.delete("Crm_Sales_Customers", id)
					.then(Mono.error(new IllegalStateException("user code failed"))))
				.block());
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> domainApi(context)
				.inTransaction(ErpNetTransactionOptions.common(), (transaction) -> {
					transaction.delete("Crm_Sales_Customers", id);
					throw new IllegalStateException("user code failed");
				}));
			reactiveDomainApi(context).inTransaction(ErpNetTransactionOptions.common(), (transaction) -> Mono.never())
				.timeout(Duration.ofMillis(200), Mono.just("gave up"))
				.block();
			Thread.sleep(200);
			List<HttpRequest> ends = this.erpNet.recorded("/api/domain/odata/EndTransaction");
			assertThat(ends).hasSize(3).allSatisfy((request) -> assertThat(compact(request)).isEqualTo("{\"commit\":false}"));
			assertThat(compact(this.erpNet.recorded("/api/domain/odata/BeginTransaction").get(0)))
				.isEqualTo("{\"model\":\"common\",\"trackChanges\":false}");
		});
	}

	private HttpResponse transactions(HttpRequest request) {
		String path = request.getPath().getValue();
		if (path.endsWith("/BeginTransaction")) {
			return response().withStatusCode(200).withContentType(MediaType.TEXT_PLAIN).withBody("fd5d3bbc38ae4dd9a8a5c0ff46c8e3af");
		}
		if (path.endsWith("/GetChanges")) {
			return response().withStatusCode(200).withContentType(MediaType.APPLICATION_JSON).withBody("{\"update\":{}}");
		}
		return response().withStatusCode(204);
	}

	/**
	 * Seven customers, paged by $top with an absolute, percent-encoded nextLink carrying a
	 * $skiptoken, as ERP.net writes it.
	 */
	private HttpResponse pageBySkipToken(HttpRequest request) {
		List<String> all = IntStream.rangeClosed(1, 7).mapToObj((i) -> "c0000" + i).toList();
		int top = Integer.parseInt(request.getFirstQueryStringParameter("$top").isEmpty() ? "1000"
				: request.getFirstQueryStringParameter("$top"));
		String token = request.getFirstQueryStringParameter("$skiptoken");
		int from = token.isEmpty() ? 0 : all.indexOf(token);
		List<String> numbers = all.subList(from, Math.min(all.size(), from + top));
		String next = (from + top < all.size()) ? this.erpNet.url() + "/api/domain/odata/Crm_Sales_Customers?%24top="
				+ top + "&%24skiptoken=" + all.get(from + top) : null;
		return page(numbers, next);
	}

	private static HttpResponse page(List<String> numbers, String nextLink) {
		String value = numbers.stream().map((number) -> "{\"Number\":\"" + number + "\"}").collect(Collectors.joining(","));
		return response().withStatusCode(200)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody("{" + ((nextLink != null) ? "\"@odata.nextLink\":\"" + nextLink + "\"," : "") + "\"value\":["
					+ value + "]}");
	}

	private static HttpResponse error(int status, String body) {
		return response().withStatusCode(status).withContentType(MediaType.APPLICATION_JSON).withBody(body);
	}

	private static String compact(HttpRequest request) {
		return request.getBodyAsString().replaceAll("\\s", "");
	}

	private static ErpNetApiException catchApi(Runnable call) {
		try {
			call.run();
		}
		catch (ErpNetApiException ex) {
			return ex;
		}
		throw new AssertionError("Expected an ErpNetApiException");
	}

	private static ReactiveErpNetDomainApi reactiveDomainApi(ApplicationContext context) {
		return context.getBean(ReactiveErpNetDomainApi.class);
	}

	private static ErpNetDomainApi domainApi(ApplicationContext context) {
		return context.getBean(ErpNetDomainApi.class);
	}

}
