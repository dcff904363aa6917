package net.erp.spring.sample.multitenant;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A partner's service for many customers, each with an ERP.net instance of its own: the
 * tenants live in a database, each is registered in {@code ErpNetClients} at start-up or
 * when it is added over REST, and a scheduled job syncs every tenant's customers.
 * {@code TestMultitenantSampleApplication}, in the test sources, runs it against emulated
 * instances with no configuration.
 */
@SpringBootApplication
@EnableScheduling
public class MultitenantSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(MultitenantSampleApplication.class, args);
	}

}
