package net.erp.spring.sample.export;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A back-office job: exports every customer of an ERP.net instance to a CSV file through
 * the token-managed {@code RestClient}, page by page. {@code TestExportSampleApplication},
 * in the test sources, runs it against the demo emulator with no configuration.
 */
@SpringBootApplication
@EnableConfigurationProperties(ExportProperties.class)
public class ExportSampleApplication {

	public static void main(String[] args) {
		// A job: once it is done, close the context and with it what it started
		SpringApplication.exit(SpringApplication.run(ExportSampleApplication.class, args));
	}

}
