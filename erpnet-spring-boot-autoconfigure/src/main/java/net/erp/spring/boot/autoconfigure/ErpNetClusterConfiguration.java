package net.erp.spring.boot.autoconfigure;

import java.util.List;

import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.cluster.redis.RedisErpNetTokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Cluster mode ({@code erpnet.cluster.enabled}): the token store is shared by the
 * replicas through the application's Redis connection. Imported before the
 * auto-configuration's own beans, so that its store is the one there is; without Redis,
 * start-up fails rather than leave each replica on its own token unnoticed.
 */
final class ErpNetClusterConfiguration {

	private static final String ENABLED = "erpnet.cluster.enabled";

	private ErpNetClusterConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveStringRedisTemplate.class)
	@ConditionalOnBooleanProperty(ENABLED)
	static class RedisTokenStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErpNetTokenStore erpNetTokenStore(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				ErpNetProperties properties) {
			ReactiveRedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw noRedis("there is no Redis connection",
						"Add spring-boot-starter-data-redis and set spring.data.redis.host and spring.data.redis.port");
			}
			ErpNetProperties.Cluster cluster = properties.getCluster();
			RedisErpNetTokenStore store = new RedisErpNetTokenStore(new ReactiveStringRedisTemplate(factory),
					cluster.getKeyPrefix());
			store.setFailWhenUnavailable(cluster.getOnUnavailable() == ErpNetProperties.Cluster.OnUnavailable.FAIL);
			return store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.core.ReactiveStringRedisTemplate")
	@ConditionalOnBooleanProperty(ENABLED)
	static class NoRedisConfiguration {

		@Bean
		ErpNetTokenStore erpNetTokenStore() {
			throw noRedis("Spring Data Redis is not on the class path", "Add spring-boot-starter-data-redis");
		}

	}

	private static InvalidErpNetPropertiesException noRedis(String reason, String action) {
		return new InvalidErpNetPropertiesException(List.of(new InvalidErpNetPropertiesException.Problem(ENABLED,
				ENABLED + " is true, but " + reason + ".", action + ", or set " + ENABLED + "=false.")));
	}

}
