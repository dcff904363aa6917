package net.erp.spring.test.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import net.erp.spring.client.ErpNetApiException;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ErpNetTransactionOptions;
import net.erp.spring.client.domain.Filter;
import net.erp.spring.client.domain.ODataPage;
import net.erp.spring.client.domain.Query;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;
import net.erp.spring.test.AutoConfigureErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Domain API clients against the emulated instance and its demo customers.
 */
@SpringBootTest(classes = DomainApiWithEmulatorTests.TestApplication.class,
		properties = "erpnet.domain-api.page-size=10")
@AutoConfigureErpNetMockInstance
@DirtiesContext
class DomainApiWithEmulatorTests {

	private static final String CUSTOMERS = "Crm_Sales_Customers";

	private static final UUID DANUBE = UUID.fromString("0eeff843-d4cb-4652-a30f-142f354de58e");

	@Autowired
	ReactiveErpNetDomainApi reactiveDomainApi;

	@Autowired
	ErpNetDomainApi domainApi;

	@Autowired
	ErpNetMockInstance erpNet;

	record Customer(@JsonProperty("Id") UUID id, @JsonProperty("Number") String number,
			@JsonProperty("DisplayText") String displayText, @JsonProperty("Active") boolean active,
			@JsonProperty("GracePeriodDays") Integer gracePeriodDays, @JsonProperty("CreditLimit") Amount creditLimit) {

	}

	record Amount(@JsonProperty("Value") BigDecimal value, @JsonProperty("Currency") String currency) {

	}

	@Test
	void readsAllCustomersPageByPage() {
		this.erpNet.resetCounts();
		List<Customer> customers = this.reactiveDomainApi.findAll(Query.from(CUSTOMERS), Customer.class).collectList().block();
		assertThat(customers).hasSize(25).extracting(Customer::number).doesNotHaveDuplicates();
		assertThat(this.erpNet.apiRequestCount()).isEqualTo(3);
		assertThat(this.domainApi.findAll(Query.from(CUSTOMERS), Customer.class)).hasSize(25);
	}

	@Test
	void filtersWithEveryOperator() {
		assertThat(numbers(Filter.eq("Active", false))).hasSize(2);
		assertThat(numbers(Filter.eq("Number", "C00002"))).containsExactly("C00002");
		assertThat(numbers(Filter.in("Number", "C00002", "C00025"))).containsExactlyInAnyOrder("C00002", "C00025");
		assertThat(numbers(Filter.eq("Id", DANUBE))).containsExactly("C00002");
		assertThat(numbers(Filter.startsWith("DisplayText", "danube"))).containsExactly("C00002");
		assertThat(numbers(Filter.contains("DisplayText", "Logistics"))).contains("C00002");
		assertThat(numbers(Filter.endsWith("Number", "25"))).containsExactly("C00025");
		assertThat(numbers(Filter.ge("GracePeriodDays", 5).and(Filter.le("GracePeriodDays", 5))))
			.allSatisfy((number) -> assertThat(number).startsWith("C"))
			.isNotEmpty();
		assertThat(numbers(Filter.isNull("ThruDate").and(Filter.eq("Active", false)))).isEmpty();
		assertThat(numbers(Filter.ge("FromDate", LocalDate.of(2030, 1, 1)))).isEmpty();
		assertThat(this.domainApi.count(Query.from(CUSTOMERS).filter(Filter.eq("Active", false)))).isEqualTo(2);
	}

	@Test
	void readsPagesSingleEntitiesAndJsonNodes() {
		ODataPage<JsonNode> page = this.reactiveDomainApi
			.findPage(Query.from(CUSTOMERS).select("Number").orderBy("Number").top(3).count(), JsonNode.class)
			.block();
		assertThat(page.count()).isEqualTo(25);
		assertThat(page.value()).extracting((node) -> node.path("Number").asString())
			.containsExactly("C00001", "C00002", "C00003");
		assertThat(page.nextLink()).isNotNull();
		Customer danube = this.domainApi.findById(Query.from(CUSTOMERS), DANUBE, Customer.class);
		assertThat(danube.displayText()).isEqualTo("Danube Logistics JSC");
		assertThatExceptionOfType(ErpNetApiException.class)
			.isThrownBy(() -> this.reactiveDomainApi.findById(Query.from(CUSTOMERS), UUID.randomUUID(), Customer.class).block())
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(404));
	}

	@Test
	void createsUpdatesAndDeletes() {
		record NewCustomer(@JsonProperty("Number") String number, @JsonProperty("Active") boolean active) {
		}
		Customer created = this.reactiveDomainApi.create(CUSTOMERS, new NewCustomer("C00100", true), Customer.class).block();
		assertThat(created.number()).isEqualTo("C00100");
		this.domainApi.update(CUSTOMERS, created.id(), Map.of("Active", false));
		assertThat(this.domainApi.findById(Query.from(CUSTOMERS), created.id(), Customer.class).active())
			.isFalse();
		this.reactiveDomainApi.delete(CUSTOMERS, created.id()).block();
		assertThatExceptionOfType(ErpNetApiException.class)
			.isThrownBy(() -> this.domainApi.findById(Query.from(CUSTOMERS), created.id(), Customer.class));
	}

	@Test
	void transactionsCommitOrRollBack() {
		JsonNode changes = this.reactiveDomainApi
			.inTransaction(ErpNetTransactionOptions.frontEnd().trackingChanges(),
					(transaction) -> transaction.update(CUSTOMERS, DANUBE, Map.of("GracePeriodDays", 30))
						.then(transaction.changes()))
			.block();
		assertThat(changes.path("update").path(CUSTOMERS).path(DANUBE.toString()).path("GracePeriodDays").asInt())
			.isEqualTo(30);
		assertThat(this.domainApi.findById(Query.from(CUSTOMERS), DANUBE, Customer.class).gracePeriodDays())
			.isEqualTo(30);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.domainApi.inTransaction(ErpNetTransactionOptions.common(), (transaction) -> {
				transaction.update(CUSTOMERS, DANUBE, Map.of("GracePeriodDays", 99));
				throw new IllegalStateException("changed my mind");
			}));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.reactiveDomainApi
			.inTransaction(ErpNetTransactionOptions.common(),
					(transaction) -> transaction.delete(CUSTOMERS, DANUBE).then(Mono.error(new IllegalStateException())))
			.block());
		Customer danube = this.domainApi.findById(Query.from(CUSTOMERS), DANUBE, Customer.class);
		assertThat(danube.gracePeriodDays()).isEqualTo(30);
	}

	private List<String> numbers(Filter filter) {
		return this.reactiveDomainApi.findAll(Query.from(CUSTOMERS).filter(filter), Customer.class)
			.map(Customer::number)
			.collectList()
			.block();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
