package net.erp.spring.sample.multitenant;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service against two emulated tenants, with no configuration:
 * {@code ./mvnw -pl samples/erpnet-sample-multitenant -am spring-boot:test-run}.
 */
public class TestMultitenantSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(MultitenantSampleApplication::main).with(EmulatedTenants.class).run(args);
	}

}
