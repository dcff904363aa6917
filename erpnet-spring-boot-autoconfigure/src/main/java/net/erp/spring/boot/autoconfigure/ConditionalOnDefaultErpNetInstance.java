package net.erp.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application has a default instance: unless
 * {@code erpnet.default-instance.enabled} is false, when {@code erpnet.instance-url} is
 * set, or connection details other than the properties are defined, or no named
 * instance is configured (then the missing {@code erpnet.instance-url} is reported).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnDefaultErpNetInstance.OnDefaultErpNetInstanceCondition.class)
@interface ConditionalOnDefaultErpNetInstance {

	class OnDefaultErpNetInstanceCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (!context.getEnvironment().getProperty("erpnet.default-instance.enabled", Boolean.class, true)) {
				return ConditionOutcome.noMatch("erpnet.default-instance.enabled is false");
			}
			if (context.getEnvironment().containsProperty("erpnet.instance-url")) {
				return ConditionOutcome.match("erpnet.instance-url is set");
			}
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			if (beanFactory != null) {
				for (String name : beanFactory.getBeanNamesForType(ErpNetConnectionDetails.class, true, false)) {
					if (!name.equals("erpNetConnectionDetails")) {
						return ConditionOutcome.match("ErpNetConnectionDetails bean '" + name + "' is defined");
					}
				}
			}
			if (!DefaultErpNetClients.configuredNames(Binder.get(context.getEnvironment())).isEmpty()) {
				return ConditionOutcome.noMatch("only named instances (erpnet.instances.*) are configured");
			}
			return ConditionOutcome.match("no named instance is configured");
		}

	}

}
