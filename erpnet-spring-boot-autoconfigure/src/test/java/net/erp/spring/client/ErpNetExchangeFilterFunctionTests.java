package net.erp.spring.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@link ErpNetExchangeFilterFunction} puts the token, and when it gives back the
 * concurrency permit of a request.
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
	void tokenGoesOnTheHttpRequestOnlyAndNotIntoTheRequestThatIsLogged() {
		AtomicReference<ClientRequest> sent = new AtomicReference<>();
		MockClientHttpRequest written = written(REQUEST, (request) -> {
			sent.set(request);
			return request;
		});
		assertThat(written.getHeaders().get(HttpHeaders.AUTHORIZATION)).containsExactly("Bearer eyJ-token");
		assertThat(sent.get().headers().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
	}

	@Test
	void authorizationHeaderOfTheCallerDoesNotReplaceTheToken() {
		ClientRequest request = ClientRequest.from(REQUEST).header(HttpHeaders.AUTHORIZATION, "Basic b3RoZXI=").build();
		MockClientHttpRequest written = written(request, UnaryOperator.identity());
		assertThat(written.getHeaders().get(HttpHeaders.AUTHORIZATION)).containsExactly("Bearer eyJ-token");
	}

	@Test
	void filterAfterThisOneThatCopiesTheRequestKeepsTheToken() {
		MockClientHttpRequest written = written(REQUEST,
				(request) -> ClientRequest.from(request).header("X-Trace", "t-1").build());
		assertThat(written.getHeaders().get(HttpHeaders.AUTHORIZATION)).containsExactly("Bearer eyJ-token");
		assertThat(written.getHeaders().get("X-Trace")).containsExactly("t-1");
	}

	@Test
	void filterAfterThisOneThatSendsTheRequestToAnotherOriginDoesNotGetTheToken() {
		for (String elsewhere : List.of("http://127.0.0.1:8081/api", "https://127.0.0.1:8080/api",
				"http://127.0.0.1.attacker.example:8080/api", "http://localhost:8080/api")) {
			MockClientHttpRequest written = written(REQUEST,
					(request) -> ClientRequest.from(request).url(URI.create(elsewhere)).build());
			assertThat(written.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)).as(elsewhere).isFalse();
		}
	}

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
		// A body that never ends: only the cancellation can give the permit back
		filter().apply((request) -> Mono.just(ClientResponse.create(HttpStatus.OK).body(endless("C00001")).build()))
			.exchange(REQUEST)
			.flatMapMany((response) -> response.bodyToFlux(DataBuffer.class))
			.take(1)
			.blockLast(Duration.ofSeconds(5));
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void permitIsGivenBackWhenTheCallerCancelsBeforeTheBodyIsComplete() {
		ClientResponse response = filter()
			.apply((request) -> Mono.just(ClientResponse.create(HttpStatus.OK).body(endless("C00001")).build()))
			.exchange(REQUEST)
			.block(Duration.ofSeconds(5));
		Disposable reading = response.bodyToMono(String.class).subscribe();
		assertThat(this.limiter.active()).isOne();
		reading.dispose();
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void permitIsGivenBackWhenTheCallerCancelsBeforeTheResponseArrives() {
		Disposable call = filter().apply((request) -> Mono.never()).exchange(REQUEST).subscribe();
		assertThat(this.limiter.active()).isOne();
		call.dispose();
		assertThat(this.limiter.active()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("waysToReadTheBody")
	void permitIsGivenBackWhicheverWayTheBodyIsRead(String way, Function<ClientResponse, Publisher<?>> read) {
		ClientResponse response = this.exchange.exchange(REQUEST).block(Duration.ofSeconds(5));
		Publisher<?> body = read.apply(response);
		List<Integer> activeOnEverySignal = Flux.from(body)
			.materialize()
			.map((signal) -> this.limiter.active())
			.collectList()
			.block(Duration.ofSeconds(5));
		if (body instanceof Mono<?>) {
			// Free before the caller hears of the value, not only after
			assertThat(activeOnEverySignal).isNotEmpty().containsOnly(0);
		}
		else {
			assertThat(activeOnEverySignal).isNotEmpty().last().isEqualTo(0);
		}
	}

	static Stream<Arguments> waysToReadTheBody() {
		ParameterizedTypeReference<String> string = new ParameterizedTypeReference<>() {
		};
		return Stream.of(way("bodyToMono(Class)", (response) -> response.bodyToMono(String.class)),
				way("bodyToMono(ParameterizedTypeReference)", (response) -> response.bodyToMono(string)),
				way("bodyToFlux(Class)", (response) -> response.bodyToFlux(String.class)),
				way("bodyToFlux(ParameterizedTypeReference)", (response) -> response.bodyToFlux(string)),
				way("body(toMono)", (response) -> response.body(BodyExtractors.toMono(String.class))),
				way("body(toDataBuffers)", (response) -> response.body(BodyExtractors.toDataBuffers())),
				way("body(extractor of no publisher)",
						(response) -> Mono.just(response.body((message, context) -> message.getStatusCode()))),
				way("releaseBody()", ClientResponse::releaseBody),
				way("toBodilessEntity()", ClientResponse::toBodilessEntity),
				way("toEntity(Class)", (response) -> response.toEntity(String.class)),
				way("toEntity(ParameterizedTypeReference)", (response) -> response.toEntity(string)),
				way("toEntityList(Class)", (response) -> response.toEntityList(String.class)),
				way("toEntityList(ParameterizedTypeReference)", (response) -> response.toEntityList(string)),
				way("createException()", ClientResponse::createException),
				way("createError()", (response) -> response.createError().onErrorResume((ex) -> Mono.empty())),
				way("mutate()", (response) -> response.mutate().build().bodyToMono(String.class)));
	}

	private static Arguments way(String name, Function<ClientResponse, Publisher<?>> read) {
		return Arguments.of(name, read);
	}

	@Test
	void permitIsGivenBackWhenAnErrorThatIsNotRetriedHasBeenRead() {
		ExchangeFunction notFound = filter()
			.apply((request) -> Mono.just(ClientResponse.create(HttpStatus.NOT_FOUND).body(body("{}")).build()));
		Integer activeWhenTheErrorArrived = notFound.exchange(REQUEST)
			.flatMap(ClientResponse::createException)
			.map((ex) -> this.limiter.active())
			.block(Duration.ofSeconds(5));
		assertThat(activeWhenTheErrorArrived).isZero();
	}

	@Test
	void permitIsGivenBackWhenTheExchangeFails() {
		ExchangeFunction failing = filter().apply((request) -> Mono.error(new IllegalStateException("connection reset")));
		Mono<ClientResponse> response = failing.exchange(REQUEST);
		assertThat(response.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.block(Duration.ofSeconds(5))).isNull();
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void permitIsGivenBackWhenTheExchangeFunctionThrows() {
		ExchangeFunction throwing = filter().apply((request) -> {
			throw new IllegalStateException("no connector");
		});
		assertThat(throwing.exchange(REQUEST).onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.block(Duration.ofSeconds(5))).isNull();
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void permitIsGivenBackWhenWhatFollowsAnAnswerCannotBeStarted() {
		// A manager that throws, instead of signalling an error, when the 401 asks for a new token
		AtomicInteger authorizations = new AtomicInteger();
		OAuth2AuthorizedClient client = authorizedClient();
		// Answered on a thread of its own, as over a connection, where nothing catches a throw
		ExchangeFunction answersUnauthorized = (request) -> Mono
			.just(ClientResponse.create(HttpStatus.UNAUTHORIZED).build())
			.delayElement(Duration.ofMillis(10));
		ExchangeFunction unauthorized = filter((request) -> {
			if (authorizations.getAndIncrement() > 0) {
				throw new IllegalStateException("no token");
			}
			return Mono.just(client);
		}).apply(answersUnauthorized);
		assertThat(unauthorized.exchange(REQUEST)
			.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.block(Duration.ofSeconds(5))).isNull();
		assertThat(this.limiter.active()).isZero();
	}

	// What reaches the HTTP library when the request has gone through the filter and then
	// through a filter after it
	private MockClientHttpRequest written(ClientRequest request, UnaryOperator<ClientRequest> laterFilter) {
		AtomicReference<MockClientHttpRequest> httpRequest = new AtomicReference<>();
		ExchangeFunction writing = (sent) -> {
			ClientRequest filtered = laterFilter.apply(sent);
			httpRequest.set(new MockClientHttpRequest(filtered.method(), filtered.url()));
			return filtered.writeTo(httpRequest.get(), ExchangeStrategies.withDefaults())
				.thenReturn(ClientResponse.create(HttpStatus.OK).build());
		};
		filter().apply(writing).exchange(request).flatMap(ClientResponse::releaseBody).block(Duration.ofSeconds(5));
		return httpRequest.get();
	}

	private ErpNetExchangeFilterFunction filter() {
		OAuth2AuthorizedClient client = authorizedClient();
		return filter((request) -> Mono.just(client));
	}

	private ErpNetExchangeFilterFunction filter(ReactiveOAuth2AuthorizedClientManager manager) {
		ErpNetRetryPolicy retryPolicy = new ErpNetRetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
				Duration.ofSeconds(5), Clock.systemUTC());
		return new ErpNetExchangeFilterFunction(manager, "erpnet", INSTANCE_URL, retryPolicy, this.limiter);
	}

	private static OAuth2AuthorizedClient authorizedClient() {
		ClientRegistration registration = ClientRegistration.withRegistrationId("erpnet")
			.clientId("my-service-app-id")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(INSTANCE_URL.resolve("/id/connect/token").toString())
			.build();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "eyJ-token",
				Instant.now(), Instant.now().plusSeconds(3600));
		return new OAuth2AuthorizedClient(registration, "erpnet", token);
	}

	private static Flux<DataBuffer> endless(String chunk) {
		return body(chunk).concatWith(Flux.never());
	}

	private static Flux<DataBuffer> body(String... chunks) {
		return Flux.fromArray(chunks)
			.map((chunk) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
	}

}
