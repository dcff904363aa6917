package net.erp.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's application context at an {@link ErpNetMockInstance} with the
 * demo trusted application and the demo customers: the emulator starts with the context,
 * sets the {@code erpnet.*} properties, is available as the bean
 * {@code erpNetMockInstance} for assertions and faults, and stops with the context.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureErpNetMockInstance
 * class CustomerSyncTests { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureErpNetMockInstance {

}
