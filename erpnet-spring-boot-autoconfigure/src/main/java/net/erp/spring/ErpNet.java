package net.erp.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier for the beans that call an ERP.net instance: the token-managed
 * {@code WebClient} and {@code RestClient} of the Domain API, and the authorized client
 * managers and exchange filter function behind them.
 * <p>
 * The starter's beans are not default candidates, so they never compete with an
 * application's own clients; inject them with this qualifier: <pre class="code">
 * public CustomerSync(&#64;ErpNet WebClient erpNet) { ... }
 * </pre> A named instance ({@code erpnet.instances.<name>.*}) has the same beans,
 * qualified with its name: {@code @ErpNet("prod") WebClient prod}.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ErpNet {

	/**
	 * The name of the instance, as in {@code erpnet.instances.<name>}; empty (the
	 * default) for the instance of the flat {@code erpnet.*} properties.
	 * @return the instance name
	 */
	String value() default "";

}
