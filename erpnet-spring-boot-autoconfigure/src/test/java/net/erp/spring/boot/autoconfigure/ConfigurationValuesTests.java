package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static net.erp.spring.boot.autoconfigure.ErpNetAutoConfigurationTests.SECRET;
import static net.erp.spring.boot.autoconfigure.ErpNetAutoConfigurationTests.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection values are used exactly as given: {@code http://} only to a loopback
 * address, no unresolved placeholder, no blank value and no surrounding whitespace.
 */
class ConfigurationValuesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class))
		.withPropertyValues("erpnet.instance-url=https://demodb.my.erp.net", "erpnet.client-id=my-service-app-id",
				"erpnet.client-secret=" + SECRET);

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080", "http://LocalHost", "http://127.0.0.1:8080",
			"http://127.255.255.254", "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]" })
	void httpToALoopbackAddressIsAllowed(String url) {
		this.contextRunner.withPropertyValues("erpnet.instance-url=" + url, "erpnet.token-uri=" + url + "/token")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1.nip.io", "http://127.evil.example", "http://localhost.evil.example",
			"http://app.localhost", "http://2130706433", "http://128.0.0.1",
			"http://[::2]", "http://[::ffff:10.0.0.1]" })
	void httpToAHostThatOnlyLooksLikeLoopbackFailsStartUp(String url) {
		this.contextRunner.withPropertyValues("erpnet.instance-url=" + url)
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.instance-url '" + url + "' uses http:// to a host that is not a loopback address")));
		this.contextRunner.withPropertyValues("erpnet.token-uri=" + url + "/id/connect/token")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.token-uri '" + url + "/id/connect/token' uses http:// to a host that is not a "
						+ "loopback address")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.1", "http://0x7f.0.0.1" })
	void shortAndHexadecimalAddressesAreNotUrlsWithAHost(String url) {
		this.contextRunner.withPropertyValues("erpnet.instance-url=" + url)
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.instance-url '" + url + "' is not an absolute http:// or https:// URL with a host")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "client-secret", "client-id", "instance-url", "token-uri" })
	void unresolvedPlaceholderFailsStartUpNamingIt(String key) {
		this.contextRunner.withPropertyValues("erpnet." + key + "=${ERPNET_UNSET_FOR_TESTS}")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("erpnet." + key
						+ " is the unresolved placeholder ${ERPNET_UNSET_FOR_TESTS}: no property or environment "
						+ "variable ERPNET_UNSET_FOR_TESTS is set.");
				assertThat(analysis.getAction()).contains("Set the environment variable ERPNET_UNSET_FOR_TESTS")
					.contains("spring.config.import=optional:configtree:/run/secrets/");
			}));
	}

	@ParameterizedTest
	@ValueSource(strings = { "pre${never shown}post", "${never shown}" })
	void placeholderThatIsNotANameIsReportedWithoutShowingTheValue(String secret) {
		this.contextRunner.withPropertyValues("erpnet.client-secret=" + secret)
			.run(failure((analysis) -> assertThat(analysis.getDescription() + analysis.getAction())
				.contains("erpnet.client-secret holds an unresolved placeholder")
				.doesNotContain("never")
				.doesNotContain("pre")));
	}

	@ParameterizedTest
	@ValueSource(strings = { " ", "\t", "\n" })
	void blankSecretFailsStartUp(String secret) {
		withExactValue("erpnet.client-secret", secret)
			.run(failure((analysis) -> assertThat(analysis.getDescription()).contains("erpnet.client-secret is blank")));
	}

	@ParameterizedTest
	@ValueSource(strings = { SECRET + "\n", " " + SECRET, SECRET + "\r\n", SECRET + " " })
	void secretWithSurroundingWhitespaceIsNotTrimmedButReported(String secret) {
		withExactValue("erpnet.client-secret", secret)
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains(
						"erpnet.client-secret has leading or trailing whitespace; it is used exactly as given, not trimmed.");
				assertThat(analysis.getAction()).contains("Remove the whitespace");
			}));
	}

	@Test
	void otherValuesWithSurroundingWhitespaceAreReported() {
		withExactValue("erpnet.client-id", "my-service-app-id ")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.client-id has leading or trailing whitespace")));
		withExactValue("erpnet.instance-url", "https://demodb.my.erp.net\n")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.instance-url has leading or trailing whitespace")));
	}

	@Test
	void secretsFileIsReadWithoutItsTrailingNewline(@TempDir Path secrets) throws IOException {
		// Spring Boot's configtree drops the newline that editors and echo put at the end
		Files.writeString(secrets.resolve("erpnet.client-secret"), SECRET + "\n");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecretsFileApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.config.import=optional:configtree:" + secrets.toAbsolutePath() + "/",
					"--erpnet.instance-url=https://demodb.my.erp.net", "--erpnet.client-id=my-service-app-id")) {
			assertThat(context.getBean(ErpNetConnectionDetails.class).getClientSecret()).isEqualTo(SECRET);
		}
	}

	// Test property values are trimmed: a property source keeps the value as it is
	private ApplicationContextRunner withExactValue(String name, String value) {
		return this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("exact", Map.of(name, value))));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ErpNetAutoConfiguration.class)
	static class SecretsFileApplication {

	}

}
