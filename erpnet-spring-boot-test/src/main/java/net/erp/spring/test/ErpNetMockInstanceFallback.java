package net.erp.spring.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * For demos and samples: when {@code erpnet.instance-url} is not configured, starts the
 * demo {@link ErpNetMockInstance} and points the application at it, so that it runs with
 * no configuration and no credentials. When the property is set, from any source, it does
 * nothing and the application talks to that instance.
 * <pre class="code">
 * SpringApplication application = new SpringApplication(MyApplication.class);
 * application.addListeners(new ErpNetMockInstanceFallback(Duration.ofSeconds(6)));
 * </pre>
 */
public final class ErpNetMockInstanceFallback implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Log logger = LogFactory.getLog(ErpNetMockInstanceFallback.class);

	private final Duration tokenLifetime;

	/**
	 * Create a new instance.
	 * @param tokenLifetime the lifetime of the emulator's tokens; short ones show renewal
	 */
	public ErpNetMockInstanceFallback(Duration tokenLifetime) {
		this.tokenLifetime = tokenLifetime;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		if (environment.containsProperty("erpnet.instance-url")) {
			return;
		}
		ErpNetMockInstance instance = ErpNetMockInstance.demo().tokenLifetime(this.tokenLifetime).start();
		event.getSpringApplication().addListeners((ApplicationListener<ContextClosedEvent>) (closed) -> instance.close());
		Map<String, Object> properties = new LinkedHashMap<>(instance.demoProperties());
		properties.put("erpnet.token-refresh-skew", this.tokenLifetime.dividedBy(3).toMillis() + "ms");
		environment.getPropertySources().addFirst(new MapPropertySource("erpNetMockInstance", properties));
		logger.info("erpnet.instance-url is not set: using the ERP.net emulator at " + instance.url()
				+ " with the demo trusted application '" + ErpNetMockInstance.DEMO_CLIENT_ID + "'");
	}

}
