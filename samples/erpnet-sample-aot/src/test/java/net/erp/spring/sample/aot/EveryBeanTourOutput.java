package net.erp.spring.sample.aot;

import java.util.ArrayList;
import java.util.List;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a complete run of the sample shows, however it was started.
 */
final class EveryBeanTourOutput {

	private static final String PARTNER_CLIENT_ID = "urn:partner:sync";

	private static final String LATE_CLIENT_ID = "urn:late:sync";

	private EveryBeanTourOutput() {
	}

	/**
	 * The demo instance, which also trusts the applications of the named instances.
	 */
	static ErpNetMockInstance emulator() {
		return ErpNetMockInstance.demo()
			.trustedApplication(TrustedApplication.of(PARTNER_CLIENT_ID, "partner-secret"))
			.trustedApplication(TrustedApplication.of(LATE_CLIENT_ID, "late-secret"))
			.start();
	}

	// The default instance, the partner instance with other settings than the build's, and
	// one that the build never saw
	static String[] arguments(ErpNetMockInstance instance) {
		List<String> arguments = new ArrayList<>();
		instance.demoProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		arguments.addAll(List.of("--erpnet.instances.partner.instance-url=" + instance.url(),
				"--erpnet.instances.partner.client-id=" + PARTNER_CLIENT_ID,
				"--erpnet.instances.partner.client-secret=partner-secret",
				"--erpnet.instances.late.instance-url=" + instance.url(),
				"--erpnet.instances.late.client-id=" + LATE_CLIENT_ID,
				"--erpnet.instances.late.client-secret=late-secret"));
		return arguments.toArray(String[]::new);
	}

	static void assertComplete(String output, ErpNetMockInstance instance) {
		assertThat(output).contains("WebClient: C0", "RestClient: C0", "ErpNetDomainApi: C0",
				"ReactiveErpNetDomainApi: C0", "@HttpExchange (erpnet): C0", "@HttpExchange (erpnet-reactive): C0",
				"Authorized client managers: one token, shared", "@ErpNet(\"partner\") RestClient: C0",
				"ErpNetClients.get(\"late\"): C0", "Health of erpnet: UP")
			.doesNotContain("eyJ")
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.doesNotContain("partner-secret")
			.doesNotContain("late-secret")
			.doesNotContain("WARN")
			.doesNotContain("ERROR");
		// One token for each of the three applications
		assertThat(instance.tokenRequestCount()).isEqualTo(3);
		assertThat(instance.apiRequestCount()).isEqualTo(8);
		assertThat(instance.apiRequestWithoutTokenCount()).isZero();
	}

}
