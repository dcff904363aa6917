package net.erp.spring.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link ErpNetExchangeFilterFunction} gives back the concurrency permit of a
 * request.
 */
class ErpNetExchangeFilterFunctionTests {

	private static final URI INSTANCE_URL = URI.create("http://127.0.0.1:8080");

	private static final ClientRequest REQUEST = ClientRequest
		.create(HttpMethod.GET, INSTANCE_URL.resolve("/api/domain/odata/Crm_Sales_Customers"))
		.build();

	private final ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(1, 0);

	private final ExchangeFunction exchange = filter()
		.apply((request) -> Mono.just(ClientResponse.create(HttpStatus.OK).body(body("C00001", "C00002")).build()));

	@Test
	void permitIsGivenBackBeforeTheCallerGetsTheBody() {
		Integer activeWhenTheBodyArrived = this.exchange.exchange(REQUEST)
			.flatMap((response) -> response.bodyToMono(String.class))
			.map((body) -> this.limiter.active())
			.block(Duration.ofSeconds(5));
		assertThat(activeWhenTheBodyArrived).isZero();
	}

	@Test
	void callerThatSendsItsNextRequestOnceItHasTheBodyNeverWaits() {
		// At a limit of 1 with no queue, a request that had to wait would fail at once
		Long bodies = Flux.range(0, 5)
			.concatMap((i) -> this.exchange.exchange(REQUEST).flatMap((response) -> response.bodyToMono(String.class)))
			.count()
			.block(Duration.ofSeconds(5));
		assertThat(bodies).isEqualTo(5);
	}

	@Test
	void permitIsGivenBackWhenTheCallerStopsReadingTheBody() {
		this.exchange.exchange(REQUEST)
			.flatMapMany((response) -> response.bodyToFlux(DataBuffer.class))
			.take(1)
			.blockLast(Duration.ofSeconds(5));
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void permitIsGivenBackWhenTheExchangeFails() {
		ExchangeFunction failing = filter().apply((request) -> Mono.error(new IllegalStateException("connection reset")));
		Mono<ClientResponse> response = failing.exchange(REQUEST);
		assertThat(response.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.block(Duration.ofSeconds(5))).isNull();
		assertThat(this.limiter.active()).isZero();
	}

	private ErpNetExchangeFilterFunction filter() {
		ClientRegistration registration = ClientRegistration.withRegistrationId("erpnet")
			.clientId("my-service-app-id")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(INSTANCE_URL.resolve("/id/connect/token").toString())
			.build();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "eyJ-token",
				Instant.now(), Instant.now().plusSeconds(3600));
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration, "erpnet", token);
		ErpNetRetryPolicy retryPolicy = new ErpNetRetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
				Duration.ofSeconds(5), Clock.systemUTC());
		return new ErpNetExchangeFilterFunction((request) -> Mono.just(client), "erpnet", INSTANCE_URL, retryPolicy,
				this.limiter);
	}

	private static Flux<DataBuffer> body(String... chunks) {
		return Flux.fromArray(chunks)
			.map((chunk) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
	}

}
