package net.erp.spring.boot.autoconfigure;

import java.time.Clock;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetAccessTokenResponseClient;
import net.erp.spring.client.ErpNetAuthorizedClientManager;
import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;
import net.erp.spring.client.ErpNetTokenService;
import net.erp.spring.client.ErpNetTokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
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
 * that type is defined yet, and ours must not take the application's place. Their
 * definitions name a static factory method of this class, as {@code @Bean} methods do,
 * so that AOT processing can generate the code that creates them. Like the clients,
 * they are lazy, and the factory methods return the interface the application injects:
 * at start-up Spring introspects the declared type of every bean, lazy ones included,
 * and the implementation would bring in Reactor and the token client before any call.
 */
final class ErpNetAuthorizedClientManagerRegistrar implements BeanFactoryPostProcessor {

	static final String REACTIVE_MANAGER_BEAN_NAME = "erpNetReactiveAuthorizedClientManager";

	static final String MANAGER_BEAN_NAME = "erpNetAuthorizedClientManager";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Assert.isInstanceOf(BeanDefinitionRegistry.class, beanFactory, "beanFactory must be a BeanDefinitionRegistry");
		BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
		register(registry, REACTIVE_MANAGER_BEAN_NAME, "reactiveAuthorizedClientManager");
		register(registry, MANAGER_BEAN_NAME, "authorizedClientManager");
	}

	private static void register(BeanDefinitionRegistry registry, String name, String factoryMethodName) {
		if (registry.containsBeanDefinition(name)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(ErpNetAuthorizedClientManagerRegistrar.class);
		definition.setUniqueFactoryMethodName(factoryMethodName);
		definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
		definition.setDefaultCandidate(false);
		definition.setLazyInit(true);
		definition.addQualifier(new AutowireCandidateQualifier(ErpNet.class));
		registry.registerBeanDefinition(name, definition);
	}

	static ReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager(ErpNetProperties properties,
			ErpNetInstance instance, ErpNetHttpClients httpClients, ErpNetTokenStore tokenStore,
			@ErpNet ObjectProvider<Clock> clock, ObjectProvider<ErpNetClientListener> listeners) {
		ErpNetProperties.TokenRequest tokenRequest = properties.getTokenRequest();
		WebClient webClient = httpClients.tokenClient(tokenRequest.getConnectTimeout(),
				tokenRequest.getResponseTimeout());
		ErpNetAccessTokenResponseClient tokenResponseClient = new ErpNetAccessTokenResponseClient(webClient);
		tokenResponseClient.setMaxAttempts(tokenRequest.getMaxAttempts());
		tokenResponseClient.setBackoff(tokenRequest.getBackoff());
		ErpNetTokenService tokenService = new ErpNetTokenService(instance.clientRegistration(), tokenResponseClient,
				tokenStore, clock.getIfAvailable(Clock::systemUTC));
		tokenService.setTokenRefreshSkew(properties.getTokenRefreshSkew());
		tokenService.setErrorCooldown(tokenRequest.getErrorCooldown());
		tokenService.setListener(ErpNetAutoConfiguration.listener(listeners));
		return new ErpNetReactiveAuthorizedClientManager(instance.clientRegistration(), tokenService);
	}

	static OAuth2AuthorizedClientManager authorizedClientManager(
			@Qualifier(REACTIVE_MANAGER_BEAN_NAME) ReactiveOAuth2AuthorizedClientManager reactiveManager) {
		return new ErpNetAuthorizedClientManager(reactiveManager);
	}

}
