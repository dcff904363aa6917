package net.erp.spring.sample.customers;

import java.util.ArrayList;
import java.util.List;

import net.erp.spring.test.ErpNetMockInstanceConfiguration;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample against the demo emulator, with no configuration:
 * {@code ./mvnw -pl samples/erpnet-sample-customers -am spring-boot:test-run}.
 */
public class TestCustomersSampleApplication {

	public static void main(String[] args) {
		// Short emulated tokens, so that the run shows a renewal
		List<String> arguments = new ArrayList<>(
				List.of("--erpnet.mock-instance.token-lifetime=6s", "--erpnet.token-refresh-skew=2s"));
		arguments.addAll(List.of(args));
		SpringApplication.from(CustomersSampleApplication::main)
			.with(ErpNetMockInstanceConfiguration.class)
			.run(arguments.toArray(String[]::new));
	}

}
