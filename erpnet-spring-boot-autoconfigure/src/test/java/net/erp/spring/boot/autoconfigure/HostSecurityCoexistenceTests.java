package net.erp.spring.boot.autoconfigure;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter next to an application that uses Spring Boot's own OAuth2 client support:
 * the application keeps its registrations and its authorized client managers.
 */
class HostSecurityCoexistenceTests {

	private static final String[] PROPERTIES = { "erpnet.instance-url=https://demodb.my.erp.net",
			"erpnet.client-id=my-service-app-id", "erpnet.client-secret=erpnet-secret",
			"spring.security.oauth2.client.registration.app.client-id=app-client",
			"spring.security.oauth2.client.registration.app.client-secret=app-secret",
			"spring.security.oauth2.client.registration.app.authorization-grant-type=client_credentials",
			"spring.security.oauth2.client.provider.app.token-uri=https://auth.example.com/token" };

	final WebApplicationContextRunner servletContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
				OAuth2ClientWebSecurityAutoConfiguration.class, WebClientAutoConfiguration.class,
				ErpNetAutoConfiguration.class))
		.withPropertyValues(PROPERTIES);

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveWebSecurityAutoConfiguration.class,
				ReactiveOAuth2ClientAutoConfiguration.class, ReactiveOAuth2ClientWebSecurityAutoConfiguration.class,
				WebClientAutoConfiguration.class, ErpNetAutoConfiguration.class))
		.withPropertyValues(PROPERTIES);

	@Test
	void servletApplicationKeepsItsRegistrationsAndDefaultManager() {
		this.servletContextRunner.withUserConfiguration(ManagerConsumer.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ClientRegistrationRepository repository = context.getBean(ClientRegistrationRepository.class);
			assertThat(repository.findByRegistrationId("app").getClientId()).isEqualTo("app-client");
			assertThat(repository.findByRegistrationId("erpnet")).isNull();
			assertThat(context.getBeansOfType(OAuth2AuthorizedClientManager.class)).hasSize(2)
				.containsKey("erpNetAuthorizedClientManager");
			assertThat(context.getBean(ManagerConsumer.class).manager)
				.isInstanceOf(DefaultOAuth2AuthorizedClientManager.class);
		});
	}

	@Test
	void reactiveApplicationKeepsItsRegistrationsAndDefaultManager() {
		this.reactiveContextRunner.withUserConfiguration(ReactiveManagerConsumer.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ReactiveClientRegistrationRepository repository = context.getBean(ReactiveClientRegistrationRepository.class);
			assertThat(repository.findByRegistrationId("app").block().getClientId()).isEqualTo("app-client");
			assertThat(repository.findByRegistrationId("erpnet").blockOptional()).isEmpty();
			assertThat(context.getBeansOfType(ReactiveOAuth2AuthorizedClientManager.class)).hasSize(2)
				.containsKey("erpNetReactiveAuthorizedClientManager");
			assertThat(context.getBean(ReactiveManagerConsumer.class).manager)
				.isInstanceOf(DefaultReactiveOAuth2AuthorizedClientManager.class);
		});
	}

	@Test
	void applicationManagerIsInjectedByTypeBesideOurs() {
		this.servletContextRunner.withUserConfiguration(OwnManagerConfiguration.class, ManagerConsumer.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasBean("erpNetAuthorizedClientManager");
				assertThat(context.getBean(ManagerConsumer.class).manager)
					.isSameAs(context.getBean("appAuthorizedClientManager"));
			});
	}

	@Test
	void applicationRegistrationAndOursEachGetTheirOwnToken() {
		try (MockErpNet erpNet = new MockErpNet()) {
			this.servletContextRunner.withUserConfiguration(OwnManagerConfiguration.class)
				.withPropertyValues("erpnet.instance-url=" + erpNet.url(),
						"spring.security.oauth2.client.provider.app.token-uri=" + erpNet.url() + MockErpNet.TOKEN_PATH)
				.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class))
				.run((context) -> {
					OAuth2AuthorizedClient appClient = context
						.getBean("appAuthorizedClientManager", OAuth2AuthorizedClientManager.class)
						.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("app").principal("app").build());
					assertThat(appClient.getClientRegistration().getClientId()).isEqualTo("app-client");
					assertThat(TokenRequestTests.getCustomers(TokenRequestTests.restClient(context))).contains("C00001");
					assertThat(erpNet.tokenRequests()).satisfiesExactly(
							(request) -> assertThat(request.getFirstHeader("Authorization")).isEqualTo("Basic "
									+ Base64.getEncoder().encodeToString("app-client:app-secret".getBytes())),
							(request) -> assertThat(request.getBodyAsString()).contains("client_id=my-service-app-id"));
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ManagerConsumer {

		@Autowired
		OAuth2AuthorizedClientManager manager;

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveManagerConsumer {

		@Autowired
		ReactiveOAuth2AuthorizedClientManager manager;

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnManagerConfiguration {

		@Bean
		OAuth2AuthorizedClientManager appAuthorizedClientManager(ClientRegistrationRepository registrations,
				OAuth2AuthorizedClientService authorizedClients) {
			return new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizedClients);
		}

	}

}
