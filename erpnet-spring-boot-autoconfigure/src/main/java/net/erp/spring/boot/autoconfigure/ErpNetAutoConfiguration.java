package net.erp.spring.boot.autoconfigure;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetClientHttpRequestInterceptor;
import net.erp.spring.client.ErpNetExchangeFilterFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the token-managed clients for an ERP.net instance's Domain API.
 * <p>
 * Every bean is qualified {@link ErpNet @ErpNet}, is not a default candidate (so it never
 * competes with the application's own clients and managers) and backs off when the
 * application defines a bean of the same name. The authorized client managers are
 * registered by {@link ErpNetAuthorizedClientManagerRegistrar}.
 */
@AutoConfiguration(after = { WebClientAutoConfiguration.class, RestClientAutoConfiguration.class })
@ConditionalOnClass({ WebClient.class, ReactiveOAuth2AuthorizedClientManager.class })
@ConditionalOnBooleanProperty(name = "erpnet.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ErpNetProperties.class)
public final class ErpNetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ErpNetConnectionDetails.class)
	PropertiesErpNetConnectionDetails erpNetConnectionDetails(ErpNetProperties properties) {
		return new PropertiesErpNetConnectionDetails(properties);
	}

	@Bean
	ErpNetInstance erpNetInstance(ErpNetProperties properties, ErpNetConnectionDetails connectionDetails) {
		return ErpNetInstance.of(properties, connectionDetails);
	}

	@Bean
	static ErpNetAuthorizedClientManagerRegistrar erpNetAuthorizedClientManagerRegistrar() {
		return new ErpNetAuthorizedClientManagerRegistrar();
	}

	@Bean(defaultCandidate = false)
	@ErpNet
	@ConditionalOnMissingBean(name = "erpNetExchangeFilterFunction")
	ErpNetExchangeFilterFunction erpNetExchangeFilterFunction(ErpNetInstance instance,
			@Qualifier(ErpNetAuthorizedClientManagerRegistrar.REACTIVE_MANAGER_BEAN_NAME) ReactiveOAuth2AuthorizedClientManager reactiveManager) {
		return new ErpNetExchangeFilterFunction(reactiveManager, ErpNetInstance.REGISTRATION_ID, instance.url());
	}

	@Bean(defaultCandidate = false)
	@ErpNet
	@ConditionalOnMissingBean(name = "erpNetWebClient")
	WebClient erpNetWebClient(ErpNetInstance instance, ObjectProvider<WebClient.Builder> webClientBuilder,
			@Qualifier("erpNetExchangeFilterFunction") ExchangeFilterFunction exchangeFilterFunction) {
		return webClientBuilder.getIfAvailable(WebClient::builder)
			.baseUrl(instance.domainApiUrl().toString())
			.filter(exchangeFilterFunction)
			.build();
	}

	@Bean(defaultCandidate = false)
	@ErpNet
	@ConditionalOnMissingBean(name = "erpNetRestClient")
	RestClient erpNetRestClient(ErpNetInstance instance, ObjectProvider<RestClient.Builder> restClientBuilder,
			@Qualifier(ErpNetAuthorizedClientManagerRegistrar.MANAGER_BEAN_NAME) OAuth2AuthorizedClientManager authorizedClientManager) {
		return restClientBuilder.getIfAvailable(RestClient::builder)
			.baseUrl(instance.domainApiUrl())
			.requestInterceptor(new ErpNetClientHttpRequestInterceptor(authorizedClientManager,
					ErpNetInstance.REGISTRATION_ID, instance.url()))
			.build();
	}

}
