package net.erp.spring.client;

import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryFilterFunction}, on virtual time: the delays are the policy's,
 * and nothing waits for them.
 */
class RetryFilterFunctionTests {

	private static final URI URL = URI.create("http://127.0.0.1:8080/api/domain/odata/Crm_Sales_Customers");

	private final ErpNetRetryPolicy policy = new ErpNetRetryPolicy(3, Duration.ofSeconds(4), Duration.ofSeconds(4),
			Duration.ofSeconds(60), Clock.systemUTC());

	private final Deque<Supplier<Mono<ClientResponse>>> answers = new ArrayDeque<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private final ExchangeFunction server = (request) -> {
		this.attempts.incrementAndGet();
		return this.answers.isEmpty() ? answer(HttpStatus.OK) : this.answers.poll().get();
	};

	@Test
	void tooManyRequestsIsSentAgainAfterRetryAfter() {
		this.answers.add(() -> answer(HttpStatus.TOO_MANY_REQUESTS, "3"));
		StepVerifier.withVirtualTime(() -> send(HttpMethod.GET))
			.expectSubscription()
			.then(() -> assertThat(this.attempts).hasValue(1))
			.expectNoEvent(Duration.ofMillis(2999))
			.then(() -> assertThat(this.attempts).hasValue(1))
			.thenAwait(Duration.ofMillis(1))
			.assertNext((response) -> assertThat(response.statusCode()).isEqualTo(HttpStatus.OK))
			.verifyComplete();
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void transientAnswersAreSentAgainAfterAJitteredBackoff() {
		this.answers.add(() -> answer(HttpStatus.SERVICE_UNAVAILABLE));
		this.answers.add(() -> answer(HttpStatus.BAD_GATEWAY));
		// Backoff of 4 s at most, with equal jitter: 2 to 4 s before each retry
		StepVerifier.withVirtualTime(() -> send(HttpMethod.GET))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(1999))
			.thenAwait(Duration.ofSeconds(6))
			.assertNext((response) -> assertThat(response.statusCode()).isEqualTo(HttpStatus.OK))
			.verifyComplete();
		assertThat(this.attempts).hasValue(3);
	}

	@Test
	void lastAnswerReachesTheCallerAsItCame() {
		for (int i = 0; i < 3; i++) {
			this.answers.add(() -> answer(HttpStatus.SERVICE_UNAVAILABLE));
		}
		StepVerifier.withVirtualTime(() -> send(HttpMethod.GET))
			.thenAwait(Duration.ofSeconds(10))
			.assertNext((response) -> assertThat(response.statusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
			.verifyComplete();
		assertThat(this.attempts).hasValue(3);
	}

	@Test
	void postAnsweredServiceUnavailableIsNotSentAgain() {
		this.answers.add(() -> answer(HttpStatus.SERVICE_UNAVAILABLE));
		StepVerifier.create(send(HttpMethod.POST))
			.assertNext((response) -> assertThat(response.statusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
			.verifyComplete();
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void internalServerErrorIsNeverSentAgain() {
		this.answers.add(() -> answer(HttpStatus.INTERNAL_SERVER_ERROR));
		StepVerifier.create(send(HttpMethod.GET))
			.assertNext((response) -> assertThat(response.statusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR))
			.verifyComplete();
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void connectionFailureIsSentAgainForAGet() {
		this.answers.add(() -> Mono.error(connectionRefused(HttpMethod.GET)));
		StepVerifier.withVirtualTime(() -> send(HttpMethod.GET))
			.thenAwait(Duration.ofSeconds(4))
			.assertNext((response) -> assertThat(response.statusCode()).isEqualTo(HttpStatus.OK))
			.verifyComplete();
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void connectionFailureOfAPostReachesTheCaller() {
		WebClientRequestException refused = connectionRefused(HttpMethod.POST);
		this.answers.add(() -> Mono.error(refused));
		StepVerifier.create(send(HttpMethod.POST))
			.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(refused))
			.verify();
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void otherErrorsReachTheCallerAtOnce() {
		IllegalStateException failure = new IllegalStateException("codec");
		this.answers.add(() -> Mono.error(failure));
		StepVerifier.create(send(HttpMethod.GET))
			.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(failure))
			.verify();
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void cancellingWhileWaitingSendsNothingMore() {
		this.answers.add(() -> answer(HttpStatus.TOO_MANY_REQUESTS, "3"));
		StepVerifier.withVirtualTime(() -> send(HttpMethod.GET))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(1))
			.thenCancel()
			.verify();
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void eachSubscriptionHasAttemptsOfItsOwn() {
		Mono<ClientResponse> call = send(HttpMethod.GET);
		for (int i = 0; i < 2; i++) {
			this.answers.add(() -> answer(HttpStatus.SERVICE_UNAVAILABLE));
			this.answers.add(() -> answer(HttpStatus.SERVICE_UNAVAILABLE));
			StepVerifier.withVirtualTime(() -> call)
				.thenAwait(Duration.ofSeconds(10))
				.assertNext((response) -> assertThat(response.statusCode()).isEqualTo(HttpStatus.OK))
				.verifyComplete();
		}
		assertThat(this.attempts).hasValue(6);
	}

	private Mono<ClientResponse> send(HttpMethod method) {
		return new RetryFilterFunction(this.policy).filter(ClientRequest.create(method, URL).build(), this.server);
	}

	private static Mono<ClientResponse> answer(HttpStatus status) {
		return Mono.just(ClientResponse.create(status).build());
	}

	private static Mono<ClientResponse> answer(HttpStatus status, String retryAfter) {
		return Mono.just(ClientResponse.create(status).header(HttpHeaders.RETRY_AFTER, retryAfter).build());
	}

	private static WebClientRequestException connectionRefused(HttpMethod method) {
		return new WebClientRequestException(new ConnectException("Connection refused"), method, URL,
				new HttpHeaders());
	}

}
