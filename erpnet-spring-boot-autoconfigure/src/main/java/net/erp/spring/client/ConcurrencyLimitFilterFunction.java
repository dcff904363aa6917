package net.erp.spring.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import net.erp.spring.client.ErpNetConcurrencyLimiter.Permit;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.function.client.support.ClientResponseWrapper;

/**
 * Holds a permit of the {@link ErpNetConcurrencyLimiter} from sending a request until its
 * response body has been read, released or cancelled. A request beyond the limit waits
 * for its turn without blocking a thread; cancelling it gives up its place in the queue.
 */
final class ConcurrencyLimitFilterFunction implements ExchangeFilterFunction {

	private final ErpNetConcurrencyLimiter limiter;

	ConcurrencyLimitFilterFunction(ErpNetConcurrencyLimiter limiter) {
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

	private static Mono<ClientResponse> exchange(ClientRequest request, ExchangeFunction next, Permit permit) {
		Mono<ClientResponse> exchange;
		try {
			exchange = next.exchange(request);
		}
		catch (RuntimeException ex) {
			permit.release();
			return Mono.error(ex);
		}
		return PermitRelease.handedOver(exchange, permit, (response) -> new PermitReleasingResponse(response, permit));
	}

	private static void giveUp(CompletableFuture<Permit> permit) {
		if (!permit.cancel(false)) {
			permit.thenAccept(Permit::release);
		}
	}

	/**
	 * A response that gives its permit back when its body has been read, failed or been
	 * cancelled, before the caller hears of it: the next request of a sequential caller
	 * must not queue behind its own previous one. Cheaper than
	 * {@link ClientResponse#mutate()}, which copies the response on every call.
	 */
	private static final class PermitReleasingResponse extends ClientResponseWrapper {

		private final Permit permit;

		PermitReleasingResponse(ClientResponse delegate, Permit permit) {
			super(delegate);
			this.permit = permit;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T body(BodyExtractor<T, ? super ClientHttpResponse> extractor) {
			T body = super.body(extractor);
			if (body instanceof Mono<?> mono) {
				return (T) releasing(mono);
			}
			if (body instanceof Flux<?> flux) {
				return (T) releasing(flux);
			}
			// Neither a Mono nor a Flux: no telling when the body has been read
			this.permit.release();
			return body;
		}

		@Override
		public <T> Mono<T> bodyToMono(Class<? extends T> elementClass) {
			return releasing(super.bodyToMono(elementClass));
		}

		@Override
		public <T> Mono<T> bodyToMono(ParameterizedTypeReference<T> elementTypeRef) {
			return releasing(super.bodyToMono(elementTypeRef));
		}

		@Override
		public <T> Flux<T> bodyToFlux(Class<? extends T> elementClass) {
			return releasing(super.bodyToFlux(elementClass));
		}

		@Override
		public <T> Flux<T> bodyToFlux(ParameterizedTypeReference<T> elementTypeRef) {
			return releasing(super.bodyToFlux(elementTypeRef));
		}

		@Override
		public Mono<Void> releaseBody() {
			return releasing(super.releaseBody());
		}

		@Override
		public Mono<ResponseEntity<Void>> toBodilessEntity() {
			return releasing(super.toBodilessEntity());
		}

		@Override
		public <T> Mono<ResponseEntity<T>> toEntity(Class<T> bodyType) {
			return releasing(super.toEntity(bodyType));
		}

		@Override
		public <T> Mono<ResponseEntity<T>> toEntity(ParameterizedTypeReference<T> bodyTypeReference) {
			return releasing(super.toEntity(bodyTypeReference));
		}

		@Override
		public <T> Mono<ResponseEntity<List<T>>> toEntityList(Class<T> elementClass) {
			return releasing(super.toEntityList(elementClass));
		}

		@Override
		public <T> Mono<ResponseEntity<List<T>>> toEntityList(ParameterizedTypeReference<T> elementTypeRef) {
			return releasing(super.toEntityList(elementTypeRef));
		}

		@Override
		public Mono<WebClientResponseException> createException() {
			return releasing(super.createException());
		}

		@Override
		public <T> Mono<T> createError() {
			return releasing(super.createError());
		}

		private <T> Mono<T> releasing(Mono<T> body) {
			return PermitRelease.mono(body, this.permit);
		}

		private <T> Flux<T> releasing(Flux<T> body) {
			return PermitRelease.flux(body, this.permit);
		}

	}

}
