package net.erp.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import net.erp.spring.client.domain.ODataPage;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ErpNetRuntimeHints}.
 */
class ErpNetRuntimeHintsTests {

	@Test
	void isRegisteredThroughAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(ErpNetRuntimeHints.class);
	}

	@Test
	void jacksonCanBindTheODataPage() throws NoSuchMethodException {
		RuntimeHints hints = new RuntimeHints();
		new ErpNetRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(ODataPage.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(ODataPage.class.getDeclaredConstructors()[0])).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ODataPage.class.getMethod("nextLink")))
			.accepts(hints);
	}

}
