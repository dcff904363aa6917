package net.erp.spring.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Sends a Domain API request again as {@link ErpNetRetryPolicy} decides, waiting on a
 * timer rather than a thread.
 */
final class RetryExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(RetryExchangeFilterFunction.class);

	private final ErpNetRetryPolicy policy;

	RetryExchangeFilterFunction(ErpNetRetryPolicy policy) {
		this.policy = policy;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			AtomicInteger attempts = new AtomicInteger();
			return Mono.defer(() -> attempt(request, next, attempts.incrementAndGet(), start))
				.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
					if (signal.failure() instanceof RetryAfter retry) {
						return Mono.delay(retry.delay);
					}
					return Mono.error(signal.failure());
				})));
		});
	}

	private Mono<ClientResponse> attempt(ClientRequest request, ExchangeFunction next, int attempt, long start) {
		return next.exchange(request).flatMap((response) -> {
			Duration delay = this.policy.delayAfterResponse(attempt, request.method(), response.statusCode().value(),
					response.headers().asHttpHeaders().getFirst("Retry-After"), elapsed(start));
			if (delay == null) {
				return Mono.just(response);
			}
			logger.debug("ERP.net answered " + response.statusCode().value() + " to " + request.method() + " "
					+ request.url().getPath() + "; sending it again in " + delay.toMillis() + " ms");
			return response.releaseBody().then(Mono.error(new RetryAfter(delay)));
		}).onErrorMap(WebClientRequestException.class, (ex) -> {
			Duration delay = this.policy.delayAfterConnectionFailure(attempt, request.method(), elapsed(start));
			if (delay == null) {
				return ex;
			}
			logger.debug("Request " + request.method() + " " + request.url().getPath() + " to ERP.net failed ("
					+ ex.getMessage() + "); sending it again in " + delay.toMillis() + " ms");
			return new RetryAfter(delay);
		});
	}

	private static Duration elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * Signals that the attempt is to be repeated after the delay.
	 */
	private static final class RetryAfter extends RuntimeException {

		private final Duration delay;

		RetryAfter(Duration delay) {
			super(null, null, false, false);
			this.delay = delay;
		}

	}

}
