package net.erp.spring.boot.autoconfigure;

import java.util.function.Supplier;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetAccessTokenResponseClient;
import net.erp.spring.client.ErpNetAuthorizedClientManager;
import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers {@code erpNetReactiveAuthorizedClientManager} and
 * {@code erpNetAuthorizedClientManager} unless the application defines beans of those
 * names.
 * <p>
 * They are registered only after all bean definitions are in: Spring Security registers
 * the application's default (reactive) authorized client manager only when no bean of
 * that type is defined yet, and ours must not take the application's place. Like the
 * clients, they are lazy, and declared with the interface the application injects: at
 * start-up Spring introspects the declared type of every bean, lazy ones included, and
 * the implementation would bring in Reactor and the token client before any call.
 */
final class ErpNetAuthorizedClientManagerRegistrar implements BeanFactoryPostProcessor {

	static final String REACTIVE_MANAGER_BEAN_NAME = "erpNetReactiveAuthorizedClientManager";

	static final String MANAGER_BEAN_NAME = "erpNetAuthorizedClientManager";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Assert.isInstanceOf(BeanDefinitionRegistry.class, beanFactory, "beanFactory must be a BeanDefinitionRegistry");
		BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
		register(registry, REACTIVE_MANAGER_BEAN_NAME, ReactiveOAuth2AuthorizedClientManager.class,
				() -> reactiveManager(beanFactory));
		register(registry, MANAGER_BEAN_NAME, OAuth2AuthorizedClientManager.class,
				() -> new ErpNetAuthorizedClientManager(
						beanFactory.getBean(REACTIVE_MANAGER_BEAN_NAME, ReactiveOAuth2AuthorizedClientManager.class)));
	}

	private static <T> void register(BeanDefinitionRegistry registry, String name, Class<T> type,
			Supplier<T> supplier) {
		if (registry.containsBeanDefinition(name)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
		definition.setDefaultCandidate(false);
		definition.setLazyInit(true);
		definition.addQualifier(new AutowireCandidateQualifier(ErpNet.class));
		registry.registerBeanDefinition(name, definition);
	}

	private static ErpNetReactiveAuthorizedClientManager reactiveManager(ListableBeanFactory beanFactory) {
		ErpNetProperties properties = beanFactory.getBean(ErpNetProperties.class);
		ErpNetProperties.TokenRequest tokenRequest = properties.getTokenRequest();
		WebClient webClient = beanFactory.getBean(ErpNetHttpClients.class)
			.tokenClient(tokenRequest.getConnectTimeout(), tokenRequest.getResponseTimeout());
		ErpNetAccessTokenResponseClient tokenResponseClient = new ErpNetAccessTokenResponseClient(webClient);
		tokenResponseClient.setMaxAttempts(tokenRequest.getMaxAttempts());
		tokenResponseClient.setBackoff(tokenRequest.getBackoff());
		ErpNetReactiveAuthorizedClientManager manager = new ErpNetReactiveAuthorizedClientManager(
				beanFactory.getBean(ErpNetInstance.class).clientRegistration(), tokenResponseClient);
		manager.setTokenRefreshSkew(properties.getTokenRefreshSkew());
		manager.setErrorCooldown(tokenRequest.getErrorCooldown());
		manager.setListener(beanFactory.getBeanProvider(ErpNetClientListener.class)
			.getIfAvailable(() -> ErpNetClientListener.NONE));
		return manager;
	}

}
