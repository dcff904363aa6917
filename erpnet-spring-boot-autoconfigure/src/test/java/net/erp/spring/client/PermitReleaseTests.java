package net.erp.spring.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import net.erp.spring.client.ErpNetConcurrencyLimiter.Permit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the operators of {@link PermitRelease} give the permit back.
 */
class PermitReleaseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(1, 0);

	private final Permit permit = this.limiter.acquire().join();

	@Test
	void monoReleasesBeforeItsSubscriberGetsTheValue() {
		StepVerifier.create(PermitRelease.mono(Mono.just("body"), this.permit).map((body) -> this.limiter.active()))
			.expectNext(0)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void monoReleasesWhenItEndsEmpty() {
		StepVerifier.create(PermitRelease.mono(Mono.empty(), this.permit)).expectComplete().verify(TIMEOUT);
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void monoReleasesBeforeItsSubscriberHearsOfAnError() {
		StepVerifier.create(PermitRelease.mono(Mono.error(new IllegalStateException("reset")), this.permit)
			.onErrorResume((ex) -> Mono.just(this.limiter.active())))
			.expectNext(0)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void monoReleasesWhenCancelled() {
		Sinks.Empty<String> never = Sinks.empty();
		StepVerifier.create(PermitRelease.mono(never.asMono(), this.permit))
			.expectSubscription()
			.then(() -> assertThat(this.limiter.active()).isOne())
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(this.limiter.active()).isZero();
		assertThat(never.currentSubscriberCount()).isZero();
	}

	@Test
	void fluxHoldsThePermitWhileItsValuesArriveAndReleasesBeforeItsEnd() {
		StepVerifier.create(PermitRelease.flux(Flux.just("a", "b"), this.permit)
			.map((chunk) -> this.limiter.active())
			.concatWith(Mono.fromSupplier(this.limiter::active)))
			.expectNext(1, 1, 0)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void fluxReleasesOnErrorAndWhenCancelled() {
		StepVerifier.create(PermitRelease.flux(Flux.error(new IllegalStateException("reset")), this.permit))
			.expectError(IllegalStateException.class)
			.verify(TIMEOUT);
		assertThat(this.limiter.active()).isZero();
		Permit next = this.limiter.acquire().join();
		StepVerifier.create(PermitRelease.flux(Flux.never(), next)).expectSubscription().thenCancel().verify(TIMEOUT);
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void handedOverPermitIsNotReleasedWithTheValueNorAtTheEnd() {
		StepVerifier.create(PermitRelease.handedOver(Mono.just("response"), this.permit, (value) -> value + "!"))
			.expectNext("response!")
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.limiter.active()).isOne();
	}

	@Test
	void handedOverPermitIsReleasedWhenNoValueComes() {
		StepVerifier.create(PermitRelease.handedOver(Mono.<String>empty(), this.permit, (value) -> value))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.limiter.active()).isZero();
		Permit failed = this.limiter.acquire().join();
		StepVerifier
			.create(PermitRelease.handedOver(Mono.<String>error(new IllegalStateException("reset")), failed,
					(value) -> value))
			.expectError(IllegalStateException.class)
			.verify(TIMEOUT);
		assertThat(this.limiter.active()).isZero();
		Permit cancelled = this.limiter.acquire().join();
		StepVerifier.create(PermitRelease.handedOver(Mono.<String>never(), cancelled, (value) -> value))
			.expectSubscription()
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(this.limiter.active()).isZero();
	}

	@Test
	void requestsReachTheSource() {
		StepVerifier.create(PermitRelease.flux(Flux.range(1, 10), this.permit), 0)
			.thenRequest(3)
			.expectNext(1, 2, 3)
			.thenRequest(7)
			.expectNextCount(7)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void subscriberTellsReactorsToolsWhatItFollows() {
		Flux<String> source = Flux.just("a");
		StepVerifier.create(PermitRelease.flux(source, this.permit))
			.consumeSubscriptionWith((subscription) -> {
				Scannable scanned = Scannable.from(subscription);
				assertThat(scanned.scan(Scannable.Attr.PARENT)).isNotNull();
				assertThat(scanned.scan(Scannable.Attr.ACTUAL)).isNotNull();
				assertThat(scanned.scan(Scannable.Attr.RUN_STYLE)).isEqualTo(Scannable.Attr.RunStyle.SYNC);
			})
			.expectNext("a")
			.expectComplete()
			.verify(TIMEOUT);
	}

}
