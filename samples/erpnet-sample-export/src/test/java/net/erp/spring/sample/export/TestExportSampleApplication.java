package net.erp.spring.sample.export;

import net.erp.spring.test.ErpNetMockInstanceConfiguration;

import org.springframework.boot.SpringApplication;

/**
 * Runs the export against the demo emulator, with no configuration:
 * {@code ./mvnw -pl samples/erpnet-sample-export -am spring-boot:test-run}.
 */
public class TestExportSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(ExportSampleApplication::main).with(ErpNetMockInstanceConfiguration.class).run(args);
	}

}
