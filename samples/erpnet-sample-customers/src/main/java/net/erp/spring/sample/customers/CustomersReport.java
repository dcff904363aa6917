package net.erp.spring.sample.customers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reads the first customers three times: the first read requests a token, the second
 * reuses it, and the third, once renewal is due, gets a new one. The log tells which,
 * from the token's issue and expiry times; the token itself is never shown.
 */
@Component
class CustomersReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(CustomersReport.class);

	// Wait for the renewal only when it is this close, as it is with the emulator
	private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

	private final WebClient erpNet;

	private final ReactiveOAuth2AuthorizedClientManager authorizedClientManager;

	private final Duration refreshSkew;

	private @Nullable Instant tokenIssuedAt;

	CustomersReport(@ErpNet WebClient erpNet, @ErpNet ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			Environment environment) {
		this.erpNet = erpNet;
		this.authorizedClientManager = authorizedClientManager;
		this.refreshSkew = environment.getProperty("erpnet.token-refresh-skew", Duration.class, Duration.ofSeconds(60));
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		List<Customer> customers = firstCustomers();
		logger.info("First " + customers.size() + " customers:");
		customers.forEach((customer) -> logger.info(String.format("  %-8s %s%s", customer.number(),
				customer.displayText(), customer.active() ? "" : " (inactive)")));
		firstCustomers();
		OAuth2AccessToken token = currentToken();
		Instant renewalDue = token.getExpiresAt().minus(this.refreshSkew);
		Duration wait = Duration.between(Instant.now(), renewalDue).plusMillis(200);
		if (wait.compareTo(LONGEST_WAIT) > 0) {
			logger.info("Token renewal is due at " + renewalDue + "; not waiting for it");
			return;
		}
		logger.info("Waiting " + wait.toMillis() + " ms until the token's renewal is due");
		Thread.sleep(Math.max(0, wait.toMillis()));
		firstCustomers();
	}

	private List<Customer> firstCustomers() {
		Page page = this.erpNet.get()
			.uri("/Crm_Sales_Customers?$top=5&$select=Number,DisplayText,Active")
			.retrieve()
			.bodyToMono(Page.class)
			.block();
		logToken();
		return (page != null) ? page.value() : List.of();
	}

	private void logToken() {
		OAuth2AccessToken token = currentToken();
		String event = (this.tokenIssuedAt == null) ? "requested"
				: this.tokenIssuedAt.equals(token.getIssuedAt()) ? "reused" : "renewed";
		logger.info("Access token " + event + " (issued at " + token.getIssuedAt() + ", expires at "
				+ token.getExpiresAt() + ")");
		this.tokenIssuedAt = token.getIssuedAt();
	}

	private OAuth2AccessToken currentToken() {
		OAuth2AuthorizedClient client = this.authorizedClientManager
			.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"))
			.block();
		if (client == null) {
			throw new IllegalStateException("No ERP.net access token");
		}
		return client.getAccessToken();
	}

	record Page(List<Customer> value) {

	}

	record Customer(@JsonProperty("Number") String number, @JsonProperty("DisplayText") String displayText,
			@JsonProperty("Active") boolean active) {

	}

}
