package net.erp.spring.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ErpNetClientSecrets}.
 */
class ErpNetClientSecretsTests {

	@Test
	void hashIsBase64OfSha256() {
		assertThat(ErpNetClientSecrets.hash("secret")).isEqualTo("K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=");
	}

	@Test
	void hashRejectsEmptySecret() {
		assertThatIllegalArgumentException().isThrownBy(() -> ErpNetClientSecrets.hash(""));
	}

	@Test
	void generatedSecretsAreLongUrlSafeAndDistinct() {
		Set<String> secrets = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String secret = ErpNetClientSecrets.generate();
			assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
			secrets.add(secret);
		}
		assertThat(secrets).hasSize(1000);
	}

	@Test
	void toolPrintsASecretAndTheHashThatThisClassComputes() throws Exception {
		Path tool = Path.of("..", "tools", "NewClientSecret.java");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				tool.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		String secret = output.lines()
			.filter((line) -> line.startsWith("erpnet.client-secret"))
			.findFirst()
			.orElseThrow()
			.replaceAll(".*: ", "");
		assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
		assertThat(output)
			.contains("ApplicationSecretHash (for the trusted application): " + ErpNetClientSecrets.hash(secret));
	}

}
