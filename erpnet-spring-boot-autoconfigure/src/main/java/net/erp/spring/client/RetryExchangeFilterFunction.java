package net.erp.spring.client;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

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
		return Mono.defer(() -> attempt(request, next, 1, System.nanoTime()));
	}

	private Mono<ClientResponse> attempt(ClientRequest request, ExchangeFunction next, int attempt, long start) {
		// One signal per attempt, so that a later attempt's outcome is never judged twice
		return next.exchange(request).materialize().flatMap((signal) -> {
			ClientResponse response = signal.get();
			if (response != null) {
				Duration delay = this.policy.delayAfterResponse(attempt, request.method(),
						response.statusCode().value(), response.headers().asHttpHeaders().getFirst("Retry-After"),
						elapsed(start));
				if (delay == null) {
					return Mono.just(response);
				}
				logger.debug("ERP.net answered " + response.statusCode().value() + " to " + request.method() + " "
						+ request.url().getPath() + "; sending it again in " + delay.toMillis() + " ms");
				return response.releaseBody().then(retry(request, next, attempt, start, delay));
			}
			Throwable error = signal.getThrowable();
			if (error instanceof WebClientRequestException) {
				Duration delay = this.policy.delayAfterConnectionFailure(attempt, request.method(), elapsed(start));
				if (delay != null) {
					logger.debug("Request " + request.method() + " " + request.url().getPath() + " to ERP.net failed ("
							+ error.getMessage() + "); sending it again in " + delay.toMillis() + " ms");
					return retry(request, next, attempt, start, delay);
				}
			}
			return (error != null) ? Mono.error(error) : Mono.empty();
		});
	}

	private Mono<ClientResponse> retry(ClientRequest request, ExchangeFunction next, int attempt, long start,
			Duration delay) {
		return Mono.delay(delay).then(Mono.defer(() -> attempt(request, next, attempt + 1, start)));
	}

	private static Duration elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
