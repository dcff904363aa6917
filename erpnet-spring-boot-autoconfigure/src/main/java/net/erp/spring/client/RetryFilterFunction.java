package net.erp.spring.client;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Sends a Domain API request again as {@link ErpNetRetryPolicy} decides, waiting on a
 * timer rather than a thread. An answer the policy does not retry, and the last one,
 * reaches the caller as it came.
 */
final class RetryFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(RetryFilterFunction.class);

	// The policy decides when an attempt ends; the companion only waits the delay it chose
	private static final Retry RETRY = Retry.from((signals) -> signals
		.concatMap((signal) -> (signal.failure() instanceof RetryDelay retry) ? Mono.delay(retry.delay)
				: Mono.error(signal.failure())));

	private final ErpNetRetryPolicy policy;

	RetryFilterFunction(ErpNetRetryPolicy policy) {
		this.policy = policy;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			Attempts attempts = new Attempts(System.nanoTime());
			return Mono.defer(() -> attempt(request, next, attempts.next(), attempts)).retryWhen(RETRY);
		});
	}

	private Mono<ClientResponse> attempt(ClientRequest request, ExchangeFunction next, int attempt,
			Attempts attempts) {
		return next.exchange(request)
			.flatMap((response) -> answered(request, response, attempt, attempts))
			.onErrorResume(WebClientRequestException.class, (ex) -> failed(request, ex, attempt, attempts));
	}

	private Mono<ClientResponse> answered(ClientRequest request, ClientResponse response, int attempt,
			Attempts attempts) {
		int status = response.statusCode().value();
		if (status < 400) {
			return Mono.just(response);
		}
		Duration delay = this.policy.delayAfterResponse(attempt, request.method(), status,
				response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), attempts.elapsed());
		if (delay == null) {
			return Mono.just(response);
		}
		logger.debug("ERP.net answered " + status + " to " + request.method() + " " + request.url().getPath()
				+ "; sending it again in " + delay.toMillis() + " ms");
		return response.releaseBody().then(Mono.error(new RetryDelay(delay)));
	}

	private Mono<ClientResponse> failed(ClientRequest request, WebClientRequestException error, int attempt,
			Attempts attempts) {
		HttpMethod method = request.method();
		Duration delay = this.policy.delayAfterConnectionFailure(attempt, method, attempts.elapsed());
		if (delay == null) {
			return Mono.error(error);
		}
		logger.debug("Request " + method + " " + request.url().getPath() + " to ERP.net failed (" + error.getMessage()
				+ "); sending it again in " + delay.toMillis() + " ms");
		return Mono.error(new RetryDelay(delay));
	}

	/**
	 * The attempts of one request: how many have started, and since when.
	 */
	private static final class Attempts {

		private final long start;

		private int count;

		Attempts(long start) {
			this.start = start;
		}

		int next() {
			return ++this.count;
		}

		Duration elapsed() {
			return Duration.ofNanos(System.nanoTime() - this.start);
		}

	}

	/**
	 * Tells the retry companion to send the request again after the delay; never seen by
	 * the caller, so it carries no stack trace.
	 */
	private static final class RetryDelay extends RuntimeException {

		private final transient Duration delay;

		RetryDelay(Duration delay) {
			super(null, null, false, false);
			this.delay = delay;
		}

	}

}
