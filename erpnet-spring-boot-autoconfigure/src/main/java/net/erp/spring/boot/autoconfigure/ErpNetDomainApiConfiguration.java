package net.erp.spring.boot.autoconfigure;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetClients;
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
 * ({@value ReactiveErpNetDomainApi#HTTP_SERVICE_GROUP}, on a {@code WebClient}); a named
 * instance's groups add {@code .<name>}.
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
	@Lazy
	WebClientHttpServiceGroupConfigurer erpNetWebClientHttpServiceGroupConfigurer(
			ObjectProvider<ErpNetInstance> instance, ErpNetProperties properties, ErpNetHttpClients httpClients,
			@Qualifier("erpNetExchangeFilterFunction") ObjectProvider<ExchangeFilterFunction> exchangeFilterFunction,
			ObjectProvider<ErpNetClients> clients) {
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		return (groups) -> groups.filter(ErpNetGroup::isErpNet)
			.forEachGroup((group, clientBuilder, proxyFactoryBuilder) -> {
				ErpNetGroup erpNet = ErpNetGroup.of(group, true);
				proxyFactoryBuilder.customArgumentResolver(new FilterArgumentResolver());
				if (erpNet.instanceName().isEmpty()) {
					httpClients.domainApi(clientBuilder, domainApi.getConnectTimeout(), domainApi.getResponseTimeout())
						.baseUrl(erpNet.defaultInstance(instance).domainApiUrl().toString())
						.filter(exchangeFilterFunction.getObject());
				}
				else {
					erpNet.namedInstance(clients).webClient(clientBuilder);
				}
			});
	}

	@Bean
	@Lazy
	RestClientHttpServiceGroupConfigurer erpNetRestClientHttpServiceGroupConfigurer(
			ObjectProvider<ErpNetInstance> instance, ErpNetProperties properties, ErpNetHttpClients httpClients,
			@Qualifier("erpNetClientHttpRequestInterceptor") ObjectProvider<ClientHttpRequestInterceptor> interceptor,
			ObjectProvider<ErpNetClients> clients) {
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		return (groups) -> groups.filter(ErpNetGroup::isErpNet)
			.forEachGroup((group, clientBuilder, proxyFactoryBuilder) -> {
				ErpNetGroup erpNet = ErpNetGroup.of(group, false);
				proxyFactoryBuilder.customArgumentResolver(new FilterArgumentResolver());
				if (erpNet.instanceName().isEmpty()) {
					httpClients.domainApi(clientBuilder, domainApi.getConnectTimeout(), domainApi.getResponseTimeout())
						.baseUrl(erpNet.defaultInstance(instance).domainApiUrl())
						.requestInterceptor(interceptor.getObject());
				}
				else {
					erpNet.namedInstance(clients).restClient(clientBuilder);
				}
			});
	}

	/**
	 * An ERP.net HTTP service group: {@code erpnet} and {@code erpnet-reactive} for the
	 * default instance, {@code erpnet.<name>} and {@code erpnet-reactive.<name>} for a
	 * named one.
	 */
	private record ErpNetGroup(HttpServiceGroup group, String instanceName) {

		private static final String BLOCKING = ErpNetDomainApi.HTTP_SERVICE_GROUP;

		private static final String REACTIVE = ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP;

		static boolean isErpNet(HttpServiceGroup group) {
			String name = group.name();
			return name.equals(BLOCKING) || name.equals(REACTIVE) || name.startsWith(BLOCKING + ".")
					|| name.startsWith(REACTIVE + ".");
		}

		// A blocking interface on a WebClient would block Reactor's threads, and a reactive
		// one on a RestClient would block the caller's: each group has one client type
		static ErpNetGroup of(HttpServiceGroup group, boolean onWebClient) {
			String name = group.name();
			boolean reactive = name.startsWith(REACTIVE);
			String prefix = reactive ? REACTIVE : BLOCKING;
			ErpNetGroup erpNet = new ErpNetGroup(group,
					name.equals(prefix) ? ErpNetClients.DEFAULT : name.substring(prefix.length() + 1));
			if (reactive != onWebClient) {
				String otherGroup = (reactive ? BLOCKING : REACTIVE)
						+ (erpNet.instanceName.isEmpty() ? "" : "." + erpNet.instanceName);
				String expected = reactive
						? "reactive interfaces on the ERP.net WebClient: declare it with clientType = WEB_CLIENT"
						: "blocking interfaces on the ERP.net RestClient: declare it without clientType";
				throw new IllegalStateException("HTTP service group '" + group.name() + "' is for " + expected
						+ ", or put " + (reactive ? "blocking" : "reactive") + " interfaces "
						+ group.httpServiceTypes() + " in group '" + otherGroup + "'");
			}
			return erpNet;
		}

		ErpNetInstance defaultInstance(ObjectProvider<ErpNetInstance> instance) {
			ErpNetInstance defaultInstance = instance.getIfAvailable();
			if (defaultInstance == null) {
				throw new IllegalStateException("HTTP service group '" + this.group.name() + "' of "
						+ this.group.httpServiceTypes() + " is for the default ERP.net instance, and there is none: "
						+ "set erpnet.instance-url, or put the interfaces in group '" + this.group.name()
						+ ".<name>' of an instance in erpnet.instances");
			}
			return defaultInstance;
		}

		ErpNetInstanceClients namedInstance(ObjectProvider<ErpNetClients> clients) {
			ErpNetInstanceClients instance = (clients.getObject() instanceof DefaultErpNetClients erpNetClients)
					? erpNetClients.named(this.instanceName) : null;
			if (instance == null) {
				throw new IllegalStateException("HTTP service group '" + this.group.name() + "' of "
						+ this.group.httpServiceTypes() + " names no ERP.net instance in erpnet.instances: set "
						+ "erpnet.instances." + this.instanceName + ".instance-url, or use the group of one of "
						+ clients.getObject().names() + " (a group is bound when the application starts, so an "
						+ "instance registered at run time has none)");
			}
			return instance;
		}

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
