package net.erp.spring.boot.autoconfigure;

import net.erp.spring.ErpNet;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * The Domain API clients on top of the token-managed clients, and the HTTP service groups
 * whose {@code @HttpExchange} interfaces call the instance through the same interceptor
 * ({@value ErpNetDomainApi#HTTP_SERVICE_GROUP}, on a {@code RestClient}) or filter
 * ({@value ReactiveErpNetDomainApi#HTTP_SERVICE_GROUP}, on a {@code WebClient}).
 */
@Configuration(proxyBeanMethods = false)
class ErpNetDomainApiConfiguration {

	// Qualified like the clients they use, yet default candidates: no other bean has their
	// types, so plain injection works too
	@Bean
	@ConditionalOnDefaultErpNetInstance
	@Lazy
	@ErpNet
	@ConditionalOnMissingBean
	ErpNetDomainApi erpNetDomainApi(ErpNetInstance instance, ErpNetProperties properties,
			@Qualifier("erpNetRestClient") RestClient restClient) {
		return new ErpNetDomainApi(restClient, instance.domainApiUrl(), properties.getDomainApi().getPageSize());
	}

	@Bean
	@ConditionalOnDefaultErpNetInstance
	@Lazy
	@ErpNet
	@ConditionalOnMissingBean
	ReactiveErpNetDomainApi erpNetReactiveDomainApi(ErpNetInstance instance, ErpNetProperties properties,
			@Qualifier("erpNetWebClient") WebClient webClient) {
		return new ReactiveErpNetDomainApi(webClient, instance.domainApiUrl(),
				properties.getDomainApi().getPageSize());
	}

	// The groups' clients call the instance as the ERP.net clients do, with the same
	// HTTP client: Boot's group settings would let it follow redirects with the token
	@Bean
	@ConditionalOnDefaultErpNetInstance
	@Lazy
	WebClientHttpServiceGroupConfigurer erpNetWebClientHttpServiceGroupConfigurer(ErpNetInstance instance,
			ErpNetProperties properties, ErpNetHttpClients httpClients,
			@Qualifier("erpNetExchangeFilterFunction") ObjectProvider<ExchangeFilterFunction> exchangeFilterFunction) {
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		return (groups) -> {
			groups.filterByName(ErpNetDomainApi.HTTP_SERVICE_GROUP)
				.forEachGroup((group, clientBuilder, proxyFactoryBuilder) -> wrongClientType(group,
						ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP));
			groups.filterByName(ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP)
				.forEachProxyFactory((group, factory) -> factory.customArgumentResolver(new FilterArgumentResolver()));
			groups.filterByName(ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP)
				.forEachClient((group, builder) -> httpClients
					.domainApi(builder, domainApi.getConnectTimeout(), domainApi.getResponseTimeout())
					.baseUrl(instance.domainApiUrl().toString())
					.filter(exchangeFilterFunction.getObject()));
		};
	}

	@Bean
	@ConditionalOnDefaultErpNetInstance
	@Lazy
	RestClientHttpServiceGroupConfigurer erpNetRestClientHttpServiceGroupConfigurer(ErpNetInstance instance,
			ErpNetProperties properties, ErpNetHttpClients httpClients,
			@Qualifier("erpNetClientHttpRequestInterceptor") ObjectProvider<ClientHttpRequestInterceptor> interceptor) {
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		return (groups) -> {
			groups.filterByName(ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP)
				.forEachGroup((group, clientBuilder, proxyFactoryBuilder) -> wrongClientType(group,
						ErpNetDomainApi.HTTP_SERVICE_GROUP));
			groups.filterByName(ErpNetDomainApi.HTTP_SERVICE_GROUP)
				.forEachProxyFactory((group, factory) -> factory.customArgumentResolver(new FilterArgumentResolver()));
			groups.filterByName(ErpNetDomainApi.HTTP_SERVICE_GROUP)
				.forEachClient((group, builder) -> httpClients
					.domainApi(builder, domainApi.getConnectTimeout(), domainApi.getResponseTimeout())
					.baseUrl(instance.domainApiUrl())
					.requestInterceptor(interceptor.getObject()));
		};
	}

	// A blocking interface on a WebClient would block Reactor's threads, and a reactive one
	// on a RestClient would block the caller's: each group has one client type
	private static void wrongClientType(HttpServiceGroup group, String otherGroup) {
		boolean reactive = group.name().equals(ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP);
		throw new IllegalStateException("HTTP service group '" + group.name() + "' is for "
				+ (reactive ? "reactive interfaces on the ERP.net WebClient: declare it with clientType = WEB_CLIENT"
						: "blocking interfaces on the ERP.net RestClient: declare it without clientType")
				+ ", or put " + (reactive ? "blocking" : "reactive") + " interfaces " + group.httpServiceTypes()
				+ " in group '" + otherGroup + "'");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@ConditionalOnBooleanProperty("erpnet.problem-details.enabled")
	static class ProblemDetailsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErpNetProblemDetailsExceptionHandler erpNetProblemDetailsExceptionHandler() {
			return new ErpNetProblemDetailsExceptionHandler();
		}

	}

}
