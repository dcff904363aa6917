package net.erp.spring.test;

import java.util.LinkedHashMap;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Starts an {@link ErpNetMockInstance} for test classes annotated with
 * {@link AutoConfigureErpNetMockInstance @AutoConfigureErpNetMockInstance}.
 */
class ErpNetMockInstanceContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureErpNetMockInstance.class)
				? new ErpNetMockInstanceContextCustomizer() : null;
	}

	private static final class ErpNetMockInstanceContextCustomizer implements ContextCustomizer {

		// In order of precedence, as Spring's test context adds them
		private static final List<String> TEST_PROPERTY_SOURCES = List.of("Dynamic Test Properties",
				TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME);

		@Override
		public void customizeContext(ConfigurableApplicationContext context,
				MergedContextConfiguration mergedConfig) {
			ErpNetMockInstance instance = ErpNetMockInstance.demo().start();
			DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
			beanFactory.registerSingleton("erpNetMockInstance", instance);
			beanFactory.registerDisposableBean("erpNetMockInstanceCloser", instance::close);
			addBelowTheTestsOwnProperties(context.getEnvironment().getPropertySources(),
					new MapPropertySource("erpNetMockInstance", new LinkedHashMap<>(instance.demoProperties())));
		}

		// Above the application's configuration, which may point at a real instance, but
		// below what the test itself sets: inlined, @DynamicPropertySource
		private static void addBelowTheTestsOwnProperties(MutablePropertySources sources,
				PropertySource<?> properties) {
			@Nullable String lowestOfTheTests = null;
			for (String name : TEST_PROPERTY_SOURCES) {
				if (sources.contains(name)) {
					lowestOfTheTests = name;
				}
			}
			if (lowestOfTheTests != null) {
				sources.addAfter(lowestOfTheTests, properties);
			}
			else {
				sources.addFirst(properties);
			}
		}

		@Override
		public boolean equals(@Nullable Object obj) {
			return obj != null && obj.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

}
