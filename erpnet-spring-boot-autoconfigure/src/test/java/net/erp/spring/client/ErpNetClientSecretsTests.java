package net.erp.spring.client;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ErpNetClientSecrets}.
 */
@ExtendWith(OutputCaptureExtension.class)
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
	void mainPrintsASecretAndItsHash(CapturedOutput output) {
		ErpNetClientSecrets.main(new String[0]);
		String secret = output.getOut().lines().filter((line) -> line.startsWith("erpnet.client-secret")).findFirst()
			.orElseThrow().replaceAll(".*: ", "");
		assertThat(output.getOut()).contains("ApplicationSecretHash (for the trusted application): "
				+ ErpNetClientSecrets.hash(secret));
	}

}
