package net.erp.spring.sample.export;

import java.time.Duration;

import net.erp.spring.test.ErpNetMockInstanceFallback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A back-office job: exports every customer of an ERP.net instance to a CSV file through
 * the token-managed {@code RestClient}, page by page. With no {@code erpnet.*}
 * configuration it runs against the demo emulator.
 */
@SpringBootApplication
@EnableConfigurationProperties(ExportProperties.class)
public class ExportSampleApplication {

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(application().run(args)));
	}

	static SpringApplication application() {
		SpringApplication application = new SpringApplication(ExportSampleApplication.class);
		application.addListeners(new ErpNetMockInstanceFallback(Duration.ofHours(1)));
		return application;
	}

}
