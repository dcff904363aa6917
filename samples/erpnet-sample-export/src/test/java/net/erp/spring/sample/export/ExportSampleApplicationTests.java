package net.erp.spring.sample.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export job's main path: its test launcher exports the emulator's 25 demo
 * customers in three pages, with no configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExportSampleApplicationTests {

	@Test
	void exportsEveryCustomerPageByPage(@TempDir Path directory, CapturedOutput output) throws Exception {
		Path file = directory.resolve("customers.csv");
		TestExportSampleApplication.main(new String[] { "--export.file=" + file });
		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(26)
			.first()
			.isEqualTo("Number,Name,Active,CreditLimit,Currency,PaymentTermDays");
		assertThat(lines).contains("C00025,\"Summit Sports Equipment Ltd\",true,16000,EUR,14")
			.contains("C00002,\"Danube Logistics JSC\",true,,,14");
		assertThat(lines.stream().skip(1).map((line) -> line.substring(0, 6)).distinct()).hasSize(25);
		assertThat(output).contains("Exported 25 customers in 3 pages");
	}

}
