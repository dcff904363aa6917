package net.erp.spring.sample.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import net.erp.spring.ErpNet;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Pages through {@code Crm_Sales_Customers} with {@code $top}, following
 * {@code @odata.nextLink} as the server sends it, and writes one CSV line per customer.
 */
@Component
class CustomerExportJob implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(CustomerExportJob.class);

	private final RestClient erpNet;

	private final ExportProperties properties;

	CustomerExportJob(@ErpNet RestClient erpNet, ExportProperties properties) {
		this.erpNet = erpNet;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		int customers = 0;
		int pages = 0;
		try (BufferedWriter csv = Files.newBufferedWriter(this.properties.file())) {
			csv.write("Number,Name,Active,CreditLimit,Currency,PaymentTermDays");
			csv.newLine();
			Page page = this.erpNet.get()
				.uri("/Crm_Sales_Customers?$top={top}&$select=Number,DisplayText,Active,CreditLimit,DefaultPaymentTermDays",
						this.properties.pageSize())
				.retrieve()
				.body(Page.class);
			while (page != null) {
				pages++;
				for (Customer customer : page.value()) {
					csv.write(customer.csv());
					csv.newLine();
					customers++;
				}
				page = (page.nextLink() != null)
						? this.erpNet.get().uri(URI.create(page.nextLink())).retrieve().body(Page.class) : null;
			}
		}
		logger.info("Exported " + customers + " customers in " + pages + " pages to "
				+ this.properties.file().toAbsolutePath());
	}

	record Page(List<Customer> value, @JsonProperty("@odata.nextLink") @Nullable String nextLink) {

	}

	record Customer(@JsonProperty("Number") String number, @JsonProperty("DisplayText") String name,
			@JsonProperty("Active") boolean active, @JsonProperty("CreditLimit") @Nullable Map<String, Object> creditLimit,
			@JsonProperty("DefaultPaymentTermDays") int paymentTermDays) {

		String csv() {
			String limit = (this.creditLimit != null) ? String.valueOf(this.creditLimit.get("Value")) : "";
			String currency = (this.creditLimit != null) ? String.valueOf(this.creditLimit.get("Currency")) : "";
			return String.join(",", this.number, quoted(this.name), String.valueOf(this.active), limit, currency,
					String.valueOf(this.paymentTermDays));
		}

		private static String quoted(String value) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}

	}

}
