package net.erp.spring.client;

import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Mono;

import net.erp.spring.client.ErpNetConcurrencyLimiter.Permit;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Holds a permit of the {@link ErpNetConcurrencyLimiter} from sending a request until its
 * response body has been read or released; waits for it without blocking.
 */
final class ConcurrencyLimitExchangeFilterFunction implements ExchangeFilterFunction {

	private final ErpNetConcurrencyLimiter limiter;

	ConcurrencyLimitExchangeFilterFunction(ErpNetConcurrencyLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			CompletableFuture<Permit> permit = this.limiter.acquire();
			if (permit.isDone() && !permit.isCompletedExceptionally()) {
				// Most requests get their turn at once: no need to wait on the future then
				return exchange(request, next, permit.join());
			}
			return Mono.fromFuture(permit, true)
				.doOnCancel(() -> giveUp(permit))
				.flatMap((granted) -> exchange(request, next, granted));
		});
	}

	private static Mono<ClientResponse> exchange(ClientRequest request, ExchangeFunction next, Permit granted) {
		return next.exchange(request)
			.doOnError((ex) -> granted.release())
			.doOnCancel(granted::release)
			// Given back once the body is read, before the caller hears of it and sends its
			// next request
			.map((response) -> response.mutate()
				.body((body) -> body.doOnTerminate(granted::release).doOnCancel(granted::release))
				.build());
	}

	private static void giveUp(CompletableFuture<Permit> permit) {
		if (!permit.cancel(false)) {
			permit.thenAccept(Permit::release);
		}
	}

}
