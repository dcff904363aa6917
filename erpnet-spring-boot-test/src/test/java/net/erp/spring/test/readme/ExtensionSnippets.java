package net.erp.spring.test.readme;

// tag::extension[]
import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;

import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstanceExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
// end::extension[]

/**
 * The README's JUnit extension example; {@code ErpNetMockInstanceExtensionTests} runs the
 * same.
 */
class ExtensionSnippets {

	// tag::extension[]
	@RegisterExtension
	static final ErpNetMockInstanceExtension erpNet = new ErpNetMockInstanceExtension(
			() -> ErpNetMockInstance.demo().tokenLifetime(Duration.ofSeconds(5)).start());

	@DynamicPropertySource
	static void erpNet(DynamicPropertyRegistry registry) {
		erpNet.registerProperties(registry);
	}
	// end::extension[]

}
