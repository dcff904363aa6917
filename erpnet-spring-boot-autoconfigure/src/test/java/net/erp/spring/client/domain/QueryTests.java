package net.erp.spring.client.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Query} and {@link Filter}: the exact expressions and URLs.
 */
class QueryTests {

	enum DocumentState {

		Released

	}

	@Test
	void writesEveryLiteralType() {
		UUID id = UUID.fromString("0eeff843-d4cb-4652-a30f-142f354de58e");
		assertThat(Filter.eq("Name", "O'Brien's")).hasToString("Name eq 'O''Brien''s'");
		assertThat(Filter.eq("Id", id)).hasToString("Id eq 0eeff843-d4cb-4652-a30f-142f354de58e");
		assertThat(Filter.eq("Active", true)).hasToString("Active eq true");
		assertThat(Filter.ge("GracePeriodDays", 5)).hasToString("GracePeriodDays ge 5");
		assertThat(Filter.le("CreditLimitValue", new BigDecimal("1000.50"))).hasToString("CreditLimitValue le 1000.50");
		assertThat(Filter.le("Rate", 0.1d)).hasToString("Rate le 0.1");
		assertThat(Filter.ge("FromDate", LocalDate.of(2024, 1, 31))).hasToString("FromDate ge 2024-01-31T00:00:00Z");
		assertThat(Filter.le("FromDate", Instant.parse("2024-01-31T10:15:30Z")))
			.hasToString("FromDate le 2024-01-31T10:15:30Z");
		assertThat(Filter.le("FromDate", OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 0, ZoneOffset.ofHours(2))))
			.hasToString("FromDate le 2024-01-31T10:15:30+02:00");
		assertThat(Filter.ge("State", DocumentState.Released)).hasToString("State ge 'Released'");
		assertThat(Filter.eq("ThruDate", null)).hasToString("ThruDate eq null");
		assertThat(Filter.isNull("ThruDate")).hasToString("ThruDate eq null");
		assertThat(Filter.in("Number", List.of("C00001", "C00002"))).hasToString("Number in ('C00001','C00002')");
		assertThat(Filter.contains("Party/PartyName", "Sofia")).hasToString("contains(Party/PartyName,'Sofia')");
		assertThat(Filter.startsWith("Number", "C0")).hasToString("startswith(Number,'C0')");
		assertThat(Filter.endsWith("Number", "25")).hasToString("endswith(Number,'25')");
		assertThat(Filter.eq("Active", true).and(Filter.raw("CreditLimitValue ge 100")))
			.hasToString("Active eq true and CreditLimitValue ge 100");
	}

	@Test
	void refusesWhatHasNoSafeLiteralOrName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Filter.eq("FromDate", LocalDateTime.now()))
			.withMessageContaining("LocalDateTime has no time zone");
		assertThatIllegalArgumentException().isThrownBy(() -> Filter.eq("Number eq 'x' or Active", true))
			.withMessageContaining("is not a property");
		assertThatIllegalArgumentException().isThrownBy(() -> Filter.eq("Rate", Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> Query.from("Crm_Sales_Customers?$top=1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Query.from("X").orderBy("Number; drop"));
	}

	@Test
	void percentEncodesTheOptions() {
		Query query = Query.from("Crm_Sales_Customers")
			.filter(Filter.eq("Name", "O'Brien & Søn"))
			.filter(Filter.le("FromDate", OffsetDateTime.of(2024, 1, 31, 10, 0, 0, 0, ZoneOffset.ofHours(2))))
			.select("Number", "DisplayText")
			.expand("Party($select=PartyName)")
			.orderBy("Number desc", "DisplayText")
			.top(10)
			.skip(20)
			.count();
		assertThat(query.toUriString()).isEqualTo("Crm_Sales_Customers?$filter=Name%20eq%20%27O%27%27Brien%20%26%20S%C3%B8n"
				+ "%27%20and%20FromDate%20le%202024-01-31T10%3A00%3A00%2B02%3A00&$select=Number%2CDisplayText"
				+ "&$expand=Party%28%24select%3DPartyName%29&$orderby=Number%20desc%2CDisplayText&$top=10&$skip=20"
				+ "&$count=true");
		assertThat(Query.from("Crm_Sales_Customers").toUriString()).isEqualTo("Crm_Sales_Customers");
	}

}
