package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import net.erp.spring.client.domain.ODataPage;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration through Spring's AOT processing, as {@code process-aot} runs it
 * on an application: the generated code and the runtime hints. That the generated code
 * starts and calls an instance is shown by the AOT sample, which runs it.
 */
class ErpNetAotTests {

	@Test
	void authorizedClientManagersAreGeneratedFromTheirFactoryMethods() {
		try (MockErpNet erpNet = new MockErpNet()) {
			String code = generatedCode(erpNet.contextRunner());
			assertThat(code).contains("\"reactiveAuthorizedClientManager\"", "\"authorizedClientManager\"",
					"erpNetWebClient", "erpNetRestClient", "erpNetDomainApi", "erpNetReactiveDomainApi");
		}
	}

	@Test
	void namedInstanceBeansAreGeneratedFromTheirFactoryMethods() {
		try (MockErpNet erpNet = new MockErpNet()) {
			String code = generatedCode(erpNet.contextRunner()
				.withPropertyValues("erpnet.instances.prod.instance-url=https://prod.my.erp.net",
						"erpnet.instances.prod.client-id=prod-app", "erpnet.instances.prod.client-secret=prod-secret"));
			assertThat(code).contains("\"erpNetWebClient.prod\"", "\"erpNetRestClient.prod\"",
					"\"erpNetDomainApi.prod\"", "\"erpNetAuthorizedClientManager.prod\"", "\"webClient\"",
					"\"namedReactiveAuthorizedClientManager\"", "erpNetClients")
				.doesNotContain("prod-secret");
		}
	}

	@Test
	void applicationWithItsOwnOAuth2RegistrationsIsProcessedToo() {
		String code = generatedCode(new HostSecurityCoexistenceTests().servletContextRunner);
		assertThat(code).contains("\"authorizedClientManager\"", "ClientRegistrationRepository");
	}

	@Test
	void hintsCoverWhatIsReadReflectively() throws NoSuchMethodException {
		try (MockErpNet erpNet = new MockErpNet()) {
			RuntimeHints hints = process(erpNet.contextRunner(), new InMemoryGeneratedFiles());
			ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();
			assertThat(reflection.onType(ODataPage.class)).accepts(hints);
			assertThat(reflection.onType(ErpNetProperties.TokenRequest.class)).accepts(hints);
			assertThat(reflection
				.onMethodInvocation(ErpNetProperties.Retry.class.getMethod("setMaxAttempts", int.class)))
				.accepts(hints);
			assertThat(reflection.onConstructorInvocation(
					InvalidErpNetPropertiesFailureAnalyzer.class.getDeclaredConstructors()[0]))
				.accepts(hints);
		}
	}

	private static String generatedCode(AbstractApplicationContextRunner<?, ?, ?> contextRunner) {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		process(contextRunner, files);
		return files.getGeneratedFiles(Kind.SOURCE)
			.values()
			.stream()
			.map(ErpNetAotTests::text)
			.collect(Collectors.joining("\n"));
	}

	private static RuntimeHints process(AbstractApplicationContextRunner<?, ?, ?> contextRunner,
			InMemoryGeneratedFiles files) {
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(ErpNetAotTests.class)), files);
		contextRunner.prepare((context) -> {
			new ApplicationContextAotGenerator().processAheadOfTime(
					(GenericApplicationContext) context.getSourceApplicationContext(), generationContext);
			generationContext.writeGeneratedContent();
		});
		return generationContext.getRuntimeHints();
	}

	private static String text(InputStreamSource source) {
		try {
			return new String(source.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
