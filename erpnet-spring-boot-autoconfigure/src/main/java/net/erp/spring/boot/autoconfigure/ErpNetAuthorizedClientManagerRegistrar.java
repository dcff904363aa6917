package net.erp.spring.boot.autoconfigure;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetAuthorizedClientManager;
import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;
import net.erp.spring.client.ErpNetTokenService;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
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
final class ErpNetAuthorizedClientManagerRegistrar implements BeanFactoryPostProcessor, EnvironmentAware {

	static final String REACTIVE_MANAGER_BEAN_NAME = "erpNetReactiveAuthorizedClientManager";

	static final String MANAGER_BEAN_NAME = "erpNetAuthorizedClientManager";

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Assert.isInstanceOf(BeanDefinitionRegistry.class, beanFactory, "beanFactory must be a BeanDefinitionRegistry");
		BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
		if (registry.containsBeanDefinition("erpNetInstance")) {
			register(registry, REACTIVE_MANAGER_BEAN_NAME, "reactiveAuthorizedClientManager");
			register(registry, MANAGER_BEAN_NAME, "authorizedClientManager");
		}
		Assert.state(this.environment != null, "No Environment");
		for (String name : DefaultErpNetClients.configuredNames(Binder.get(this.environment))) {
			registerNamed(registry, name, "erpNetWebClient", "webClient");
			registerNamed(registry, name, "erpNetRestClient", "restClient");
			registerNamed(registry, name, "erpNetDomainApi", "domainApi");
			registerNamed(registry, name, "erpNetReactiveDomainApi", "reactiveDomainApi");
			registerNamed(registry, name, MANAGER_BEAN_NAME, "namedAuthorizedClientManager");
			registerNamed(registry, name, REACTIVE_MANAGER_BEAN_NAME, "namedReactiveAuthorizedClientManager");
		}
	}

	/**
	 * A named instance's bean, such as {@code erpNetWebClient.prod}: a view of its clients
	 * in {@code erpNetClients}, qualified {@code @ErpNet("prod")}. Process-aot freezes
	 * which of them exist; {@code erpNetClients} binds their settings when the
	 * application starts.
	 */
	private static void registerNamed(BeanDefinitionRegistry registry, String name, String beanName,
			String factoryMethodName) {
		String qualifiedName = beanName + "." + name;
		if (registry.containsBeanDefinition(qualifiedName)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(ErpNetAuthorizedClientManagerRegistrar.class);
		definition.setUniqueFactoryMethodName(factoryMethodName);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, new RuntimeBeanReference("erpNetClients"));
		definition.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
		definition.setDefaultCandidate(false);
		definition.setLazyInit(true);
		definition.addQualifier(new AutowireCandidateQualifier(ErpNet.class, name));
		registry.registerBeanDefinition(qualifiedName, definition);
	}

	static WebClient webClient(ErpNetClients clients, String name) {
		return clients.get(name).webClient();
	}

	static RestClient restClient(ErpNetClients clients, String name) {
		return clients.get(name).restClient();
	}

	static ErpNetDomainApi domainApi(ErpNetClients clients, String name) {
		return clients.get(name).domainApi();
	}

	static ReactiveErpNetDomainApi reactiveDomainApi(ErpNetClients clients, String name) {
		return clients.get(name).reactiveDomainApi();
	}

	static OAuth2AuthorizedClientManager namedAuthorizedClientManager(ErpNetClients clients, String name) {
		return clients.get(name).authorizedClientManager();
	}

	static ReactiveOAuth2AuthorizedClientManager namedReactiveAuthorizedClientManager(ErpNetClients clients,
			String name) {
		return clients.get(name).reactiveAuthorizedClientManager();
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
		ErpNetTokenService tokenService = ErpNetInstanceClients.tokenService(properties, instance, httpClients,
				tokenStore, clock.getIfAvailable(Clock::systemUTC), ErpNetAutoConfiguration.listener(listeners));
		return new ErpNetReactiveAuthorizedClientManager(instance.clientRegistration(), tokenService);
	}

	static OAuth2AuthorizedClientManager authorizedClientManager(
			@Qualifier(REACTIVE_MANAGER_BEAN_NAME) ReactiveOAuth2AuthorizedClientManager reactiveManager) {
		return new ErpNetAuthorizedClientManager(reactiveManager);
	}

}
