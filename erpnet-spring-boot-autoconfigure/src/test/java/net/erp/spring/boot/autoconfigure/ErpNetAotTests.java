package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration through Spring's AOT processing, as {@code process-aot} runs it
 * on an application. That the generated code starts and calls an instance is shown by
 * the AOT sample, which runs it.
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
	void applicationWithItsOwnOAuth2RegistrationsIsProcessedToo() {
		String code = generatedCode(new HostSecurityCoexistenceTests().servletContextRunner);
		assertThat(code).contains("\"authorizedClientManager\"", "ClientRegistrationRepository");
	}

	private static String generatedCode(AbstractApplicationContextRunner<?, ?, ?> contextRunner) {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		contextRunner.prepare((context) -> {
			DefaultGenerationContext generationContext = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(ErpNetAotTests.class)), files);
			new ApplicationContextAotGenerator().processAheadOfTime(
					(GenericApplicationContext) context.getSourceApplicationContext(), generationContext);
			generationContext.writeGeneratedContent();
		});
		return files.getGeneratedFiles(Kind.SOURCE)
			.values()
			.stream()
			.map(ErpNetAotTests::text)
			.collect(Collectors.joining("\n"));
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
