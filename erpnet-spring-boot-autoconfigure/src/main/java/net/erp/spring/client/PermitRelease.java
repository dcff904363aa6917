package net.erp.spring.client;

import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import net.erp.spring.client.ErpNetConcurrencyLimiter.Permit;

/**
 * Operators that give a {@link Permit} back when a publisher ends, fails or is
 * cancelled, before its subscriber hears of it. Each replaces a chain of Reactor's
 * {@code doOnTerminate} and {@code doOnCancel} (and, on an exchange, {@code map},
 * {@code doOnError} and {@code doOnCancel}) that runs on every Domain API call: in the
 * benchmark, that chain cost 2 to 3 % of the calls a second the HTTP stack can make
 * (see {@code docs/benchmarks.md}).
 */
final class PermitRelease {

	private PermitRelease() {
	}

	/**
	 * Release the permit when the given Mono has its value, ends empty, fails or is
	 * cancelled.
	 */
	static <T> Mono<T> mono(Mono<T> source, Permit permit) {
		return ReleasingMono.create(source, permit, null);
	}

	/**
	 * Release the permit when the given Flux ends, fails or is cancelled.
	 */
	static <T> Flux<T> flux(Flux<T> source, Permit permit) {
		return ReleasingFlux.create(source, permit);
	}

	/**
	 * Hand the permit over to the given Mono's value, made by {@code handOver}, which
	 * then releases it itself; release it if the Mono ends empty, fails or is cancelled.
	 */
	static <T> Mono<T> handedOver(Mono<T> source, Permit permit, UnaryOperator<T> handOver) {
		return ReleasingMono.create(source, permit, handOver);
	}

	private static final class ReleasingMono<T> extends MonoOperator<T, T> {

		private final Permit permit;

		private final @Nullable UnaryOperator<T> handOver;

		private ReleasingMono(Mono<T> source, Permit permit, @Nullable UnaryOperator<T> handOver) {
			super(source);
			this.permit = permit;
			this.handOver = handOver;
		}

		// Through the assembly hooks, as Reactor's own operators are, for checkpoints
		static <T> Mono<T> create(Mono<T> source, Permit permit, @Nullable UnaryOperator<T> handOver) {
			return onAssembly(new ReleasingMono<>(source, permit, handOver));
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new ReleasingSubscriber<>(actual, this.permit, true, this.handOver));
		}

	}

	private static final class ReleasingFlux<T> extends FluxOperator<T, T> {

		private final Permit permit;

		private ReleasingFlux(Flux<T> source, Permit permit) {
			super(source);
			this.permit = permit;
		}

		static <T> Flux<T> create(Flux<T> source, Permit permit) {
			return onAssembly(new ReleasingFlux<>(source, permit));
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new ReleasingSubscriber<>(actual, this.permit, false, null));
		}

	}

	/**
	 * Passes every signal on unchanged, but for a value handed the permit, releasing the
	 * permit first where one ends the subscription. Signals arrive serially, so the
	 * fields need no synchronization; {@link Permit#release()} acts only once.
	 */
	private static final class ReleasingSubscriber<T> implements CoreSubscriber<T>, Subscription, Scannable {

		private final CoreSubscriber<? super T> actual;

		private final Permit permit;

		private final boolean valueEnds;

		private final @Nullable UnaryOperator<T> handOver;

		private @Nullable Subscription subscription;

		private boolean handedOver;

		ReleasingSubscriber(CoreSubscriber<? super T> actual, Permit permit, boolean valueEnds,
				@Nullable UnaryOperator<T> handOver) {
			this.actual = actual;
			this.permit = permit;
			this.valueEnds = valueEnds;
			this.handOver = handOver;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.subscription, subscription)) {
				this.subscription = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(T value) {
			if (this.handOver != null) {
				this.handedOver = true;
				this.actual.onNext(this.handOver.apply(value));
				return;
			}
			if (this.valueEnds) {
				this.permit.release();
			}
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable ex) {
			this.permit.release();
			this.actual.onError(ex);
		}

		@Override
		public void onComplete() {
			if (!this.handedOver) {
				this.permit.release();
			}
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			subscription().request(n);
		}

		// As doOnCancel does: even after a hand-over, the caller that cancels is done
		@Override
		public void cancel() {
			this.permit.release();
			subscription().cancel();
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public @Nullable Object scanUnsafe(Attr key) {
			if (key == Attr.PARENT) {
				return this.subscription;
			}
			if (key == Attr.ACTUAL) {
				return this.actual;
			}
			if (key == Attr.RUN_STYLE) {
				return Attr.RunStyle.SYNC;
			}
			return null;
		}

		private Subscription subscription() {
			Subscription subscription = this.subscription;
			if (subscription == null) {
				throw new IllegalStateException("Not subscribed yet");
			}
			return subscription;
		}

	}

}
