package net.erp.spring.sample.customers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's main path: its test launcher runs it against the emulator with no
 * configuration; it prints the first customers and shows the token being requested,
 * reused and renewed.
 */
@ExtendWith(OutputCaptureExtension.class)
class CustomersSampleApplicationTests {

	@Test
	void runsAgainstTheEmulatorWithoutConfiguration(CapturedOutput output) {
		TestCustomersSampleApplication.main(new String[0]);
		assertThat(output).contains("Using the ERP.net emulator at http://127.0.0.1:")
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
			CustomersSampleApplication.main(new String[] { "--erpnet.instance-url=" + instance.url(),
					"--erpnet.client-id=com.example/customers", "--erpnet.client-secret=configured-secret" });
			assertThat(output).doesNotContain("Using the ERP.net emulator")
				.contains("client 'com.example/customers'")
				.contains("C00025   Summit Sports Equipment Ltd")
				.contains("Token renewal is due at");
			assertThat(instance.tokenRequestCount()).isOne();
			assertThat(instance.apiRequestCount()).isEqualTo(2);
		}
	}

}
