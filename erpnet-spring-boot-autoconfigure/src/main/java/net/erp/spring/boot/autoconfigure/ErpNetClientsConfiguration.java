package net.erp.spring.boot.autoconfigure;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetClientHttpRequestInterceptor;
import net.erp.spring.client.ErpNetConcurrencyLimiter;
import net.erp.spring.client.ErpNetExchangeFilterFunction;
import net.erp.spring.client.ErpNetRetryPolicy;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The token-managed Domain API clients and the exchange filter function behind the
 * {@code WebClient}, sharing one concurrency limiter and one retry policy.
 * <p>
 * The filter and the interceptor are declared with the interface the application
 * injects, as the authorized client managers are (see
 * {@link ErpNetAuthorizedClientManagerRegistrar}), so that start-up does not load their
 * implementations; they back off by name.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDefaultErpNetInstance
class ErpNetClientsConfiguration {

	@Bean(defaultCandidate = false)
	@Lazy
	@ErpNet
	@ConditionalOnMissingBean(name = "erpNetExchangeFilterFunction")
	ExchangeFilterFunction erpNetExchangeFilterFunction(ErpNetInstance instance,
			@Qualifier(ErpNetAuthorizedClientManagerRegistrar.REACTIVE_MANAGER_BEAN_NAME) ReactiveOAuth2AuthorizedClientManager reactiveManager,
			ErpNetRetryPolicy retryPolicy, ErpNetConcurrencyLimiter concurrencyLimiter) {
		return new ErpNetExchangeFilterFunction(reactiveManager, ErpNetInstance.REGISTRATION_ID, instance.url(),
				retryPolicy, concurrencyLimiter);
	}

	@Bean(defaultCandidate = false)
	@Lazy
	@ErpNet
	@ConditionalOnMissingBean(name = "erpNetWebClient")
	WebClient erpNetWebClient(ErpNetInstance instance, ErpNetProperties properties, ErpNetHttpClients httpClients,
			@Qualifier("erpNetExchangeFilterFunction") ExchangeFilterFunction exchangeFilterFunction) {
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		return httpClients.webClient(domainApi.getConnectTimeout(), domainApi.getResponseTimeout())
			.baseUrl(instance.domainApiUrl().toString())
			.filter(exchangeFilterFunction)
			.build();
	}

	@Bean(defaultCandidate = false)
	@Lazy
	@ErpNet
	@ConditionalOnMissingBean(name = "erpNetClientHttpRequestInterceptor")
	ClientHttpRequestInterceptor erpNetClientHttpRequestInterceptor(ErpNetInstance instance,
			@Qualifier(ErpNetAuthorizedClientManagerRegistrar.MANAGER_BEAN_NAME) OAuth2AuthorizedClientManager authorizedClientManager,
			ErpNetRetryPolicy retryPolicy, ErpNetConcurrencyLimiter concurrencyLimiter) {
		return new ErpNetClientHttpRequestInterceptor(authorizedClientManager, ErpNetInstance.REGISTRATION_ID,
				instance.url(), retryPolicy, concurrencyLimiter);
	}

	@Bean(defaultCandidate = false)
	@Lazy
	@ErpNet
	@ConditionalOnMissingBean(name = "erpNetRestClient")
	RestClient erpNetRestClient(ErpNetInstance instance, ErpNetProperties properties, ErpNetHttpClients httpClients,
			@Qualifier("erpNetClientHttpRequestInterceptor") ClientHttpRequestInterceptor interceptor) {
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		return httpClients.restClient(domainApi.getConnectTimeout(), domainApi.getResponseTimeout())
			.baseUrl(instance.domainApiUrl())
			.requestInterceptor(interceptor)
			.build();
	}

}
