package net.erp.spring.sample.customers;

import java.time.Duration;

import net.erp.spring.test.ErpNetMockInstanceFallback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Prints the first customers of an ERP.net instance through the token-managed
 * {@code WebClient} and shows the token's lifecycle. With no {@code erpnet.*}
 * configuration it runs against the demo emulator; given {@code erpnet.instance-url},
 * {@code erpnet.client-id} and {@code erpnet.client-secret} it talks to that instance.
 */
@SpringBootApplication
public class CustomersSampleApplication {

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(application().run(args)));
	}

	static SpringApplication application() {
		SpringApplication application = new SpringApplication(CustomersSampleApplication.class);
		// Short emulated tokens, so that the run shows a renewal
		application.addListeners(new ErpNetMockInstanceFallback(Duration.ofSeconds(6)));
		return application;
	}

}
