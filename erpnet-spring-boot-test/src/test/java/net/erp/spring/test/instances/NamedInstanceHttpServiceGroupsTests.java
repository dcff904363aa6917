package net.erp.spring.test.instances;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import net.erp.spring.boot.autoconfigure.ErpNetAutoConfiguration;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.test.ErpNetMockInstance;
import net.erp.spring.test.TrustedApplication;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @HttpExchange} interfaces bound to a named instance through its groups,
 * {@code erpnet.<name>} and {@code erpnet-reactive.<name>}.
 */
class NamedInstanceHttpServiceGroupsTests {

	private final ErpNetMockInstance prod = ErpNetMockInstance.demo().start();

	private final ErpNetMockInstance test = ErpNetMockInstance.demo()
		.trustedApplication(TrustedApplication.of("test-app", "test-secret"))
		.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class, WebClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, HttpServiceClientPropertiesAutoConfiguration.class,
				HttpServiceClientAutoConfiguration.class, ReactiveHttpServiceClientAutoConfiguration.class))
		.withPropertyValues("erpnet.instances.prod.instance-url=" + this.prod.url(),
				"erpnet.instances.prod.client-id=" + ErpNetMockInstance.DEMO_CLIENT_ID,
				"erpnet.instances.prod.client-secret=" + ErpNetMockInstance.DEMO_CLIENT_SECRET,
				"erpnet.instances.test.instance-url=" + this.test.url(), "erpnet.instances.test.client-id=test-app",
				"erpnet.instances.test.client-secret=test-secret");

	@AfterEach
	void stop() {
		this.prod.close();
		this.test.close();
	}

	@Test
	void eachGroupCallsItsOwnInstanceWithItsOwnToken() {
		this.contextRunner.withUserConfiguration(GroupsOfBothInstances.class).run((context) -> {
			assertThat(context.getBean(CustomersApi.class).find(1)).isNotNull();
			assertThat(context.getBean(ReactiveCustomersApi.class).find(1).block()).isNotNull();
			assertThat(this.prod.tokenRequestCount()).isOne();
			assertThat(this.prod.apiRequestCount()).isOne();
			assertThat(this.test.tokenRequestCount()).isOne();
			assertThat(this.test.apiRequestCount()).isOne();
			assertThat(this.prod.apiRequestWithoutTokenCount()).isZero();
			assertThat(this.test.apiRequestWithoutTokenCount()).isZero();
		});
	}

	@Test
	void aGroupOfAnInstanceThatIsNotConfiguredFailsAtStartUp() {
		this.contextRunner.withUserConfiguration(GroupOfAnUnknownInstance.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("HTTP service group 'erpnet.acme'")
				.hasMessageContaining("names no ERP.net instance in erpnet.instances")
				.hasMessageContaining("[prod, test]"));
	}

	@Test
	void aNamedGroupOnTheWrongClientTypeNamesTheOtherGroup() {
		this.contextRunner.withUserConfiguration(ReactiveInterfaceInABlockingGroup.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("HTTP service group 'erpnet.prod' is for blocking interfaces")
				.hasMessageContaining("in group 'erpnet-reactive.prod'"));
	}

	@Test
	void theDefaultGroupWithoutADefaultInstanceFailsAtStartUp() {
		this.contextRunner.withUserConfiguration(DefaultGroup.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("HTTP service group 'erpnet'")
				.hasMessageContaining("is for the default ERP.net instance, and there is none")
				.hasMessageContaining("group 'erpnet.<name>'"));
	}

	@HttpExchange
	interface CustomersApi {

		@GetExchange(ErpNetMockInstance.CUSTOMERS)
		JsonNode find(@RequestParam("$top") int top);

	}

	@HttpExchange
	interface ReactiveCustomersApi {

		@GetExchange(ErpNetMockInstance.CUSTOMERS)
		Mono<JsonNode> find(@RequestParam("$top") int top);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP + ".prod", types = CustomersApi.class)
	@ImportHttpServices(group = "erpnet-reactive.test", types = ReactiveCustomersApi.class,
			clientType = ClientType.WEB_CLIENT)
	static class GroupsOfBothInstances {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "erpnet.acme", types = CustomersApi.class)
	static class GroupOfAnUnknownInstance {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "erpnet.prod", types = ReactiveCustomersApi.class, clientType = ClientType.WEB_CLIENT)
	static class ReactiveInterfaceInABlockingGroup {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP, types = CustomersApi.class)
	static class DefaultGroup {

	}

}
