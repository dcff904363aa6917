package net.erp.spring.starter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

import net.erp.spring.ErpNet;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that adds the starter and has no security configuration of its own
 * still serves its endpoints without authentication.
 */
class HostApplicationTests {

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = "NONE", mode = Mode.EXCLUDE)
	void endpointsStayOpen(WebApplicationType type) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HostApplication.class).web(type)
			.run("--server.port=0", "--server.address=127.0.0.1", "--erpnet.instance-url=https://demodb.my.erp.net",
					"--erpnet.client-id=my-service-app-id", "--erpnet.client-secret=erpnet-secret")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("hello, ERP.net clients ready");
			assertThat(context.containsBean("springSecurityFilterChain")).isFalse();
		}
	}

	@Test
	void starterBringsNoBootSecurityAutoConfiguration() {
		assertThat(ClassUtils.isPresent("org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
				null))
			.isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.security.config.annotation.web.builders.HttpSecurity",
				null))
			.isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(HelloController.class)
	static class HostApplication {

	}

	@RestController
	static class HelloController {

		private final WebClient webClient;

		private final RestClient restClient;

		HelloController(@ErpNet WebClient webClient, @ErpNet RestClient restClient) {
			this.webClient = webClient;
			this.restClient = restClient;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello, ERP.net clients " + ((this.webClient != null && this.restClient != null) ? "ready" : "missing");
		}

	}

}
