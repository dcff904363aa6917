package net.erp.spring.boot.autoconfigure;

import net.erp.spring.client.ErpNetApiException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code erpnet.problem-details.enabled}, an {@link ErpNetApiException} that escapes a
 * controller becomes a problem with status 502 and the ERP.net code, type and message,
 * never the server's {@code info}.
 */
class ErpNetProblemDetailsTests {

	private static final String INFO = "at Aloe.Erp.Validation.Check() in C:\\build\\Validation.cs:line 42";

	private static final String[] PROPERTIES = { "erpnet.instance-url=https://erp.example.com",
			"erpnet.client-id=app", "erpnet.client-secret=secret" };

	@Test
	void handlerOnlyWhenEnabledInAWebApplication() {
		assertHandler(new WebApplicationContextRunner(), true);
		assertHandler(new ReactiveWebApplicationContextRunner(), true);
		assertHandler(new ApplicationContextRunner(), false);
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class))
			.withPropertyValues(PROPERTIES)
			.run((context) -> assertThat(context).doesNotHaveBean(ErpNetProblemDetailsExceptionHandler.class));
	}

	@Test
	void mvcEndpointAnswersTheProblem() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
			.setControllerAdvice(new ErpNetProblemDetailsExceptionHandler())
			.build();
		mvc.perform(get("/orders"))
			.andExpect(status().isBadGateway())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(502))
			.andExpect(jsonPath("$.detail").value("The document date is required."))
			.andExpect(jsonPath("$.erpnet.status").value(500))
			.andExpect(jsonPath("$.erpnet.code").value(2029))
			.andExpect(jsonPath("$.erpnet.type").value("ValidationException"))
			.andExpect(jsonPath("$.erpnet.message").value("The document date is required."))
			.andExpect((result) -> assertThat(result.getResponse().getContentAsString())
				.doesNotContain("Validation.cs"));
	}

	@Test
	void webFluxEndpointAnswersTheProblem() {
		WebTestClient.bindToController(new FailingController())
			.controllerAdvice(new ErpNetProblemDetailsExceptionHandler())
			.build()
			.get()
			.uri("/orders")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The document date is required.")
			.jsonPath("$.erpnet.code")
			.isEqualTo(2029)
			.jsonPath("$.erpnet.type")
			.isEqualTo("ValidationException")
			.consumeWith((result) -> assertThat(new String(result.getResponseBodyContent()))
				.doesNotContain("Validation.cs"));
	}

	@Test
	void problemLeavesOutWhatTheServerDidNotSay() {
		ErpNetApiException exception = new ErpNetApiException(404, null, null, "Not Found", null);
		assertThat(exception.toProblemDetail().getProperties()).containsOnlyKeys("erpnet")
			.extractingByKey("erpnet")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("status", "message");
	}

	private static void assertHandler(AbstractApplicationContextRunner<?, ?, ?> runner, boolean expected) {
		runner.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withPropertyValues(PROPERTIES)
			.withPropertyValues("erpnet.problem-details.enabled=true")
			.run((context) -> assertThat(context.getBeansOfType(ErpNetProblemDetailsExceptionHandler.class))
				.hasSize(expected ? 1 : 0));
	}

	@RestController
	static class FailingController {

		@GetMapping("/orders")
		String orders() {
			throw new ErpNetApiException(500, 2029, "ValidationException", "The document date is required.", INFO);
		}

	}

}
