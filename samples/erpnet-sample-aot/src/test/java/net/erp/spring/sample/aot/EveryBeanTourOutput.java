package net.erp.spring.sample.aot;

import java.util.ArrayList;
import java.util.List;

import net.erp.spring.test.ErpNetMockInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a complete run of the sample shows, however it was started.
 */
final class EveryBeanTourOutput {

	private EveryBeanTourOutput() {
	}

	static String[] arguments(ErpNetMockInstance instance) {
		List<String> arguments = new ArrayList<>();
		instance.demoProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments.toArray(String[]::new);
	}

	static void assertComplete(String output, ErpNetMockInstance instance) {
		assertThat(output).contains("WebClient: C0", "RestClient: C0", "ErpNetDomainApi: C0",
				"ReactiveErpNetDomainApi: C0", "@HttpExchange (erpnet): C0", "@HttpExchange (erpnet-reactive): C0",
				"Authorized client managers: one token, shared", "Health of erpnet: UP")
			.doesNotContain("eyJ")
			.doesNotContain(ErpNetMockInstance.DEMO_CLIENT_SECRET)
			.doesNotContain("WARN")
			.doesNotContain("ERROR");
		assertThat(instance.tokenRequestCount()).isOne();
		assertThat(instance.apiRequestCount()).isEqualTo(6);
	}

}
