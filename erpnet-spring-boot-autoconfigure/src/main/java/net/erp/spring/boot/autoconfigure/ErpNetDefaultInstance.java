package net.erp.spring.boot.autoconfigure;

import java.net.URI;

import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The default instance in {@link ErpNetClients}: its beans, looked up when asked for, so
 * that an application's replacement of one of them is what {@code get("")} gives too.
 */
final class ErpNetDefaultInstance implements ErpNetClients.Instance {

	private final BeanFactory beanFactory;

	private final ErpNetInstance instance;

	ErpNetDefaultInstance(BeanFactory beanFactory, ErpNetInstance instance) {
		this.beanFactory = beanFactory;
		this.instance = instance;
	}

	@Override
	public String name() {
		return ErpNetClients.DEFAULT;
	}

	@Override
	public URI instanceUrl() {
		return this.instance.url();
	}

	@Override
	public String clientId() {
		return this.instance.clientRegistration().getClientId();
	}

	@Override
	public WebClient webClient() {
		return this.beanFactory.getBean("erpNetWebClient", WebClient.class);
	}

	@Override
	public RestClient restClient() {
		return this.beanFactory.getBean("erpNetRestClient", RestClient.class);
	}

	@Override
	public ErpNetDomainApi domainApi() {
		return this.beanFactory.getBean("erpNetDomainApi", ErpNetDomainApi.class);
	}

	@Override
	public ReactiveErpNetDomainApi reactiveDomainApi() {
		return this.beanFactory.getBean("erpNetReactiveDomainApi", ReactiveErpNetDomainApi.class);
	}

	@Override
	public OAuth2AuthorizedClientManager authorizedClientManager() {
		return this.beanFactory.getBean(ErpNetAuthorizedClientManagerRegistrar.MANAGER_BEAN_NAME,
				OAuth2AuthorizedClientManager.class);
	}

	@Override
	public ReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager() {
		return this.beanFactory.getBean(ErpNetAuthorizedClientManagerRegistrar.REACTIVE_MANAGER_BEAN_NAME,
				ReactiveOAuth2AuthorizedClientManager.class);
	}

	@Override
	public String toString() {
		return "ErpNetClients.Instance[name=, " + this.instance + "]";
	}

}
