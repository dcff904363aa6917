package net.erp.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import net.erp.spring.client.domain.ODataPage;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the starter reads reflectively, for a native image: the OData page that Jackson
 * binds every collection response to. Token responses and error bodies are read as JSON
 * trees, which need no hints; the properties, the failure analyzer and the beans get
 * theirs from Spring Boot's and Spring Framework's own AOT processing.
 */
class ErpNetRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), ODataPage.class);
	}

}
