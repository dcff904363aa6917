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
 * </pre>
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ErpNet {

}
