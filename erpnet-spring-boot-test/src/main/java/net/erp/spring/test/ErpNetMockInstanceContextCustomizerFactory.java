package net.erp.spring.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

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

		@Override
		public void customizeContext(ConfigurableApplicationContext context,
				MergedContextConfiguration mergedConfig) {
			ErpNetMockInstance instance = ErpNetMockInstance.demo().start();
			DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
			beanFactory.registerSingleton("erpNetMockInstance", instance);
			beanFactory.registerDisposableBean("erpNetMockInstanceCloser", instance::close);
			TestPropertyValues.of(instance.demoProperties()).applyTo(context);
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
