package net.erp.spring.test;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A JUnit 5 extension that runs an {@link ErpNetMockInstance} for a test class and stops
 * it afterwards; with {@code @DynamicPropertySource} it points a Spring test at it:
 * <pre class="code">
 * &#64;RegisterExtension
 * static final ErpNetMockInstanceExtension erpNet = new ErpNetMockInstanceExtension();
 *
 * &#64;DynamicPropertySource
 * static void erpNet(DynamicPropertyRegistry registry) {
 *     erpNet.registerProperties(registry);
 * }
 * </pre>
 */
public final class ErpNetMockInstanceExtension implements AfterAllCallback {

	private final Supplier<ErpNetMockInstance> starter;

	private volatile @Nullable ErpNetMockInstance instance;

	/**
	 * An extension for the demo instance ({@link ErpNetMockInstance#demo()}).
	 */
	public ErpNetMockInstanceExtension() {
		this(() -> ErpNetMockInstance.demo().start());
	}

	/**
	 * An extension for an instance of your own.
	 * @param starter starts the instance, for example
	 * {@code () -> ErpNetMockInstance.demo().tokenLifetime(Duration.ofSeconds(5)).start()}
	 */
	public ErpNetMockInstanceExtension(Supplier<ErpNetMockInstance> starter) {
		this.starter = starter;
	}

	/**
	 * The running instance, started on first use.
	 * @return the instance
	 */
	public synchronized ErpNetMockInstance instance() {
		ErpNetMockInstance instance = this.instance;
		if (instance == null) {
			instance = this.starter.get();
			this.instance = instance;
		}
		return instance;
	}

	/**
	 * Register the {@code erpnet.*} properties of the demo trusted application.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerProperties(DynamicPropertyRegistry registry) {
		instance().demoProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		ErpNetMockInstance instance = this.instance;
		if (instance != null) {
			instance.close();
			this.instance = null;
		}
	}

}
