package net.erp.spring.sample.aot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on the JVM, from its bean definitions as usual; {@code AotSampleApplicationIT}
 * runs the built jar from the generated code.
 */
@ExtendWith(OutputCaptureExtension.class)
class AotSampleApplicationTests {

	@Test
	void callsTheInstanceThroughEveryBean(CapturedOutput output) {
		try (ErpNetMockInstance instance = EveryBeanTourOutput.emulator()) {
			AotSampleApplication.main(EveryBeanTourOutput.arguments(instance));
			EveryBeanTourOutput.assertComplete(output.toString(), instance);
		}
	}

}
