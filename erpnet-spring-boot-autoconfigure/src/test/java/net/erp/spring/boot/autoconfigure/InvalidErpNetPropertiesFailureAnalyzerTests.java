package net.erp.spring.boot.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidErpNetPropertiesFailureAnalyzer} as a user sees it: the report
 * of an application that fails to start.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidErpNetPropertiesFailureAnalyzerTests {

	@Test
	void startupFailureNamesThePropertiesAndWhatToSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--erpnet.client-id=my-service-app-id",
				"--erpnet.client-secret=not-to-be-shown", "--erpnet.instance-url=http://demodb.my.erp.net"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The ERP.net client could not be configured:")
			.contains("- erpnet.instance-url 'http://demodb.my.erp.net' uses http:// to a host that is not a loopback address")
			.contains("Update your application's configuration:")
			.contains("- Use https:// in erpnet.instance-url")
			.doesNotContain("not-to-be-shown");
	}

	@Test
	void secretLeftAsAnUnresolvedPlaceholderStopsStartUp(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// As application.yml writes it, with the environment variable not set
		application.setDefaultProperties(Map.of("erpnet.instance-url", "https://demodb.my.erp.net", "erpnet.client-id",
				"my-service-app-id", "erpnet.client-secret", "${ERPNET_CLIENT_SECRET_NOT_SET_IN_TESTS}"));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("- erpnet.client-secret is the unresolved placeholder ${ERPNET_CLIENT_SECRET_NOT_SET_IN_TESTS}")
			.contains("- Set the environment variable ERPNET_CLIENT_SECRET_NOT_SET_IN_TESTS");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ErpNetAutoConfiguration.class)
	static class MinimalApplication {

	}

}
