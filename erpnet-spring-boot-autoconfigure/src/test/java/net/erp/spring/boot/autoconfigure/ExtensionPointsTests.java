package net.erp.spring.boot.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetApiException;
import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetException;
import net.erp.spring.client.ErpNetTokenService;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.InMemoryErpNetTokenStore;
import net.erp.spring.client.MutableClock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockserver.model.HttpResponse.response;

/**
 * What an application plugs into the ERP.net clients: customizers, a token store, a
 * clock, listeners, and ERP.net's errors as {@link ErpNetApiException}.
 */
class ExtensionPointsTests {

	private static final String ERROR_BODY = "{\"error\":{\"message\":\"Validation R27159 failed\",\"code\":2029,"
			+ "\"type\":\"EnterpriseOneServerException\"}}";

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void customizersApplyToTheErpNetClientsOnly() {
		this.erpNet.contextRunner()
			.withBean("tenantHeader", ErpNetWebClientCustomizer.class,
					() -> (builder) -> builder.defaultHeader("X-Customized", "webclient"))
			.withBean("restTenantHeader", ErpNetRestClientCustomizer.class,
					() -> (builder) -> builder.defaultHeader("X-Customized", "restclient"))
			.run((context) -> {
				getCustomers(webClient(context));
				getCustomers(restClient(context));
				WebClient.create(this.erpNet.url() + MockErpNet.API_PATH)
					.get()
					.uri("/Crm_Sales_Customers")
					.retrieve()
					.toBodilessEntity()
					.onErrorComplete()
					.block();
				assertThat(this.erpNet.apiRequests()).extracting((request) -> request.getFirstHeader("X-Customized"))
					.containsExactly("webclient", "restclient", "");
			});
	}

	@Test
	void aCustomizerCannotReplaceTheTokenFilterOrTheConnector() {
		this.erpNet.contextRunner()
			.withBean(ErpNetWebClientCustomizer.class, () -> (builder) -> builder.filters(List::clear))
			.run((context) -> {
				assertThat(getCustomers(webClient(context))).contains("C00001");
				assertThat(this.erpNet.apiRequests()).singleElement()
					.satisfies((request) -> assertThat(request.getFirstHeader("Authorization")).startsWith("Bearer "));
			});
	}

	@Test
	void errorAnswersAreSpringsExceptionsUnlessApiExceptionsAreAskedFor() {
		this.erpNet.apiFailures(error(), 2);
		this.erpNet.contextRunner().run((context) -> {
			assertThatExceptionOfType(WebClientResponseException.class)
				.isThrownBy(() -> getCustomers(webClient(context)));
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> getCustomers(restClient(context)));
		});
	}

	@Test
	void withApiExceptionsBothClientsThrowErpNetApiException() {
		this.erpNet.apiFailures(error(), 2);
		this.erpNet.contextRunner().withPropertyValues("erpnet.domain-api.api-exceptions=true").run((context) -> {
			ErpNetApiException reactive = assertThatExceptionOfType(ErpNetApiException.class)
				.isThrownBy(() -> getCustomers(webClient(context)))
				.actual();
			ErpNetApiException blocking = assertThatExceptionOfType(ErpNetApiException.class)
				.isThrownBy(() -> getCustomers(restClient(context)))
				.actual();
			for (ErpNetApiException ex : List.of(reactive, blocking)) {
				assertThat(ex.getStatusCode()).isEqualTo(500);
				assertThat(ex.getErrorCode()).isEqualTo(2029);
				assertThat(ex.getType()).isEqualTo("EnterpriseOneServerException");
				assertThat(ex.getErrorMessage()).isEqualTo("Validation R27159 failed");
				assertThat(ex).isInstanceOf(ErpNetException.class);
			}
		});
	}

	@Test
	void anApplicationsTokenStoreHoldsTheToken() {
		InMemoryErpNetTokenStore store = new InMemoryErpNetTokenStore();
		this.erpNet.contextRunner().withBean(ErpNetTokenStore.class, () -> store).run((context) -> {
			getCustomers(webClient(context));
			assertThat(context).getBeans(ErpNetTokenStore.class).containsOnlyKeys("erpNetTokenStore");
			assertThat(store).hasToString("InMemoryErpNetTokenStore[1 tokens]");
			String key = ErpNetTokenService.storeKey(context.getBean(ErpNetInstance.class).clientRegistration());
			assertThat(store.get(key)).isEqualTo(MockErpNet.cachedToken(context));
		});
	}

	@Test
	void anErpNetClockDecidesWhenTokensAreRenewed() {
		this.erpNet.contextRunner().withUserConfiguration(ErpNetClockConfiguration.class).run((context) -> {
			getCustomers(webClient(context));
			MutableClock clock = ErpNetClockConfiguration.CLOCK;
			assertThat(MockErpNet.cachedToken(context).getIssuedAt()).isEqualTo(clock.instant());
			clock.advance(Duration.ofMinutes(59));
			getCustomers(restClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void anUnqualifiedClockOfTheApplicationIsNotUsed() {
		Clock stopped = Clock.fixed(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC);
		this.erpNet.contextRunner().withBean(Clock.class, () -> stopped).run((context) -> {
			getCustomers(webClient(context));
			assertThat(MockErpNet.cachedToken(context).getIssuedAt()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
		});
	}

	@Test
	void everyListenerHearsAlongsideTheMeters() {
		List<String> first = new ArrayList<>();
		List<String> second = new ArrayList<>();
		this.erpNet.contextRunner()
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("firstListener", ErpNetClientListener.class, () -> recording(first))
			.withBean("secondListener", ErpNetClientListener.class, () -> recording(second))
			.run((context) -> {
				getCustomers(webClient(context));
				getCustomers(restClient(context));
				assertThat(first).containsExactly("token success", "turn", "reused", "turn");
				assertThat(second).isEqualTo(first);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("erpnet.token.requests").tag("outcome", "success").timer().count())
					.isEqualTo(1);
				assertThat(registry.get("erpnet.token.cache.hits").counter().count()).isEqualTo(1);
			});
	}

	private static ErpNetClientListener recording(List<String> heard) {
		return new ErpNetClientListener() {

			@Override
			public void tokenRequested(String outcome, Duration duration) {
				heard.add("token " + outcome);
			}

			@Override
			public void tokenReused() {
				heard.add("reused");
			}

			@Override
			public void turnGranted(Duration wait) {
				heard.add("turn");
			}

		};
	}

	private static HttpResponse error() {
		return response().withStatusCode(500).withContentType(MediaType.APPLICATION_JSON).withBody(ERROR_BODY);
	}

	@Configuration(proxyBeanMethods = false)
	static class ErpNetClockConfiguration {

		static final MutableClock CLOCK = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

		@Bean
		@ErpNet
		Clock erpNetTestClock() {
			return CLOCK;
		}

	}

}
