package net.erp.spring.sample.customers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's main path: with no configuration it runs against the emulator, prints the
 * first customers, shows the token being requested, reused and renewed, and exits 0.
 */
@ExtendWith(OutputCaptureExtension.class)
class CustomersSampleApplicationTests {

	@Test
	void runsAgainstTheEmulatorWithoutConfiguration(CapturedOutput output) {
		ConfigurableApplicationContext context = CustomersSampleApplication.application().run();
		assertThat(SpringApplication.exit(context)).isZero();
		assertThat(output).contains("erpnet.instance-url is not set: using the ERP.net emulator")
			.contains("First 5 customers:")
			.contains("C00025   Summit Sports Equipment Ltd")
			.contains("C00022   Evergreen Garden Centre Ltd (inactive)")
			.contains("Access token requested")
			.contains("Access token reused")
			.contains("Access token renewed")
			.doesNotContain("eyJ")
			.doesNotContain("demo-secret-for-the-emulator-only")
			.doesNotContain("WARN");
	}

	@Test
	void talksToTheConfiguredInstance(CapturedOutput output) {
		try (ErpNetMockInstance instance = ErpNetMockInstance.demo()
			.trustedApplication(TrustedApplication.of("com.example/customers", "configured-secret"))
			.start()) {
			ConfigurableApplicationContext context = CustomersSampleApplication.application()
				.run("--erpnet.instance-url=" + instance.url(), "--erpnet.client-id=com.example/customers",
						"--erpnet.client-secret=configured-secret");
			assertThat(SpringApplication.exit(context)).isZero();
			assertThat(output).doesNotContain("using the ERP.net emulator")
				.contains("client 'com.example/customers'")
				.contains("C00025   Summit Sports Equipment Ltd")
				.contains("Token renewal is due at");
			assertThat(instance.tokenRequestCount()).isOne();
			assertThat(instance.apiRequestCount()).isEqualTo(2);
		}
	}

}
