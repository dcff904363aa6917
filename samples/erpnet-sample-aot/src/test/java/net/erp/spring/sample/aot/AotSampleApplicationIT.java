package net.erp.spring.sample.aot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.erp.spring.test.ErpNetMockInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar that {@code spring-boot:process-aot} and {@code repackage} built, run in a JVM
 * of its own with {@code -Dspring.aot.enabled=true}: the context comes from the
 * generated code alone, and the run shows it working against the emulator, with the named
 * instance's settings of the run rather than the build's, and an instance the build never
 * saw.
 */
class AotSampleApplicationIT {

	@Test
	void runsFromTheGeneratedCode() throws IOException, InterruptedException {
		Path jar = Path.of(System.getProperty("sample.jar"));
		try (ErpNetMockInstance instance = EveryBeanTourOutput.emulator()) {
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
				.toString(), "-Dspring.aot.enabled=true", "-jar", jar.toString()));
			command.addAll(List.of(EveryBeanTourOutput.arguments(instance)));
			// To a file, which a long output cannot fill as it would a pipe
			Path log = jar.resolveSibling("aot-run.log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			boolean exited = process.waitFor(2, TimeUnit.MINUTES);
			if (!exited) {
				process.destroyForcibly();
			}
			String output = Files.readString(log);
			assertThat(exited).as(output).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
			assertThat(output).contains("Starting AOT-processed AotSampleApplication");
			EveryBeanTourOutput.assertComplete(output, instance);
		}
	}

}
