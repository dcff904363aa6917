package net.erp.spring.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs one piece of work at a time for every caller: while it is under way, whoever asks
 * waits for its result instead of starting another.
 *
 * @param <T> the type of the result
 */
final class SingleFlight<T> {

	private final AtomicReference<@Nullable CompletableFuture<@Nullable T>> inFlight = new AtomicReference<>();

	Mono<T> join(Supplier<Mono<T>> work) {
		return Mono.defer(() -> {
			CompletableFuture<@Nullable T> started = new CompletableFuture<>();
			CompletableFuture<@Nullable T> shared = this.inFlight.compareAndExchange(null, started);
			if (shared == null) {
				start(work, started);
				shared = started;
			}
			// Cancelling one caller must not cancel the work the others wait for
			return Mono.fromFuture(shared, true);
		});
	}

	private void start(Supplier<Mono<T>> work, CompletableFuture<@Nullable T> result) {
		// The work leaves inFlight before its result is published, so that a caller woken
		// by the result never joins this finished work again. The callers that waited go on
		// in the thread that publishes it: not the event loop that received the answer, or
		// every connection they open is bound to that one loop.
		Mono.defer(work).publishOn(Schedulers.parallel()).subscribe((value) -> {
			this.inFlight.compareAndSet(result, null);
			result.complete(value);
		}, (ex) -> {
			this.inFlight.compareAndSet(result, null);
			result.completeExceptionally(ex);
		}, () -> {
			this.inFlight.compareAndSet(result, null);
			result.complete(null);
		});
	}

}
