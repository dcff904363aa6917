package net.erp.spring.sample.customers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Prints the first customers of an ERP.net instance through the token-managed
 * {@code WebClient} and shows the token's lifecycle, from the instance given by
 * {@code erpnet.instance-url}, {@code erpnet.client-id} and {@code erpnet.client-secret}.
 * {@code TestCustomersSampleApplication}, in the test sources, runs it against the demo
 * emulator with no configuration.
 */
@SpringBootApplication
public class CustomersSampleApplication {

	public static void main(String[] args) {
		// A job: once it is done, close the context and with it what it started
		SpringApplication.exit(SpringApplication.run(CustomersSampleApplication.class, args));
	}

}
