package net.erp.spring.test.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.client.RestClient;

/**
 * Replicas of an application in cluster mode, each an application context of its own,
 * on one emulated ERP.net instance and one Redis.
 */
public final class Replicas implements AutoCloseable {

	static final String CUSTOMERS = ErpNetMockInstance.CUSTOMERS + "?$top=1";

	private final ErpNetMockInstance erpNet;

	private final int redisPort;

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	public Replicas(ErpNetMockInstance erpNet, int redisPort) {
		this.erpNet = erpNet;
		this.redisPort = redisPort;
	}

	/**
	 * Start a replica with the given {@code name=value} properties on top of the
	 * emulator's and {@code erpnet.cluster.enabled=true}.
	 */
	public ConfigurableApplicationContext start(String... extra) {
		Map<String, Object> properties = properties();
		properties.put("test.redis.port", this.redisPort);
		for (String property : extra) {
			properties.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Replica.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.run();
		this.started.add(context);
		return context;
	}

	void stop(ConfigurableApplicationContext replica) {
		replica.close();
		this.started.remove(replica);
	}

	Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>(this.erpNet.demoProperties());
		properties.put("erpnet.cluster.enabled", "true");
		properties.put("spring.main.banner-mode", "off");
		return properties;
	}

	public static RestClient restClient(ConfigurableApplicationContext replica) {
		return replica.getBean("erpNetRestClient", RestClient.class);
	}

	static Health clusterHealth(ConfigurableApplicationContext replica) {
		CompositeReactiveHealthContributor health = replica.getBean("erpnetHealthContributor",
				CompositeReactiveHealthContributor.class);
		return ((ReactiveHealthIndicator) health.getContributor("cluster")).health(true).block();
	}

	// The test's own connection, as an operator's redis-cli
	StringRedisTemplate redis() {
		LettuceConnectionFactory factory = connectionFactory(this.redisPort);
		factory.afterPropertiesSet();
		factory.start();
		this.connections.add(factory);
		return new StringRedisTemplate(factory);
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

	// Closed at once, as the tests start and stop many
	private static LettuceConnectionFactory connectionFactory(int port) {
		return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().shutdownTimeout(Duration.ZERO).build());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Replica {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(@Value("${test.redis.port}") int port) {
			return connectionFactory(port);
		}

	}

}
