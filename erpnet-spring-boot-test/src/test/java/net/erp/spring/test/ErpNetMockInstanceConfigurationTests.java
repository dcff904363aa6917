package net.erp.spring.test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test launcher idiom of the README: the emulator takes the place of the instance the
 * application's configuration names, even one whose secret is a placeholder nobody set,
 * and stops with the application.
 */
class ErpNetMockInstanceConfigurationTests {

	@Test
	void launcherRunsTheApplicationAgainstTheEmulator() {
		ConfigurableApplicationContext context = SpringApplication.from(TestApplication::main)
			.with(ErpNetMockInstanceConfiguration.class)
			.run("--spring.main.web-application-type=none", "--erpnet.instance-url=https://demodb.my.erp.net",
					"--erpnet.client-id=my-service-app-id", "--erpnet.client-secret=${ERPNET_UNSET_SECRET}",
					"--erpnet.mock-instance.token-lifetime=5m")
			.getApplicationContext();
		ErpNetMockInstance erpNet = context.getBean(ErpNetMockInstance.class);
		try (context) {
			RestClient restClient = context.getBean("erpNetRestClient", RestClient.class);
			assertThat(restClient.get().uri("/Crm_Sales_Customers?$top=1").retrieve().body(String.class))
				.contains("\"Number\"");
			assertThat(erpNet.tokenRequestCount()).isOne();
			assertThat(erpNet.url()).startsWith("http://127.0.0.1:");
			OAuth2AccessToken token = context.getBean("erpNetAuthorizedClientManager",
					OAuth2AuthorizedClientManager.class)
				.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"))
				.getAccessToken();
			assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(5));
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(erpNet.url())).build(), HttpResponse.BodyHandlers.discarding()));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		static void main(String[] args) {
			SpringApplication.run(TestApplication.class, args);
		}

	}

}
