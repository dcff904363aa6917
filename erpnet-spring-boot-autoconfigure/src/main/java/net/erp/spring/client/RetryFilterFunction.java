package net.erp.spring.client;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

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

	private final ErpNetRetryPolicy policy;

	RetryFilterFunction(ErpNetRetryPolicy policy) {
		this.policy = policy;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> attempt(request, next, new Attempts(System.nanoTime())));
	}

	// The next attempt is assembled only when one has to be repeated: most requests succeed
	// at once, and a retryWhen companion on each of them would cost more than the call
	private Mono<ClientResponse> attempt(ClientRequest request, ExchangeFunction next, Attempts attempts) {
		int attempt = attempts.next();
		return next.exchange(request)
			.flatMap((response) -> answered(request, next, response, attempt, attempts))
			.onErrorResume(WebClientRequestException.class, (ex) -> failed(request, next, ex, attempt, attempts));
	}

	private Mono<ClientResponse> answered(ClientRequest request, ExchangeFunction next, ClientResponse response,
			int attempt, Attempts attempts) {
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
		return response.releaseBody().then(again(request, next, delay, attempts));
	}

	private Mono<ClientResponse> failed(ClientRequest request, ExchangeFunction next, WebClientRequestException error,
			int attempt, Attempts attempts) {
		HttpMethod method = request.method();
		Duration delay = this.policy.delayAfterConnectionFailure(attempt, method, attempts.elapsed());
		if (delay == null) {
			return Mono.error(error);
		}
		logger.debug("Request " + method + " " + request.url().getPath() + " to ERP.net failed (" + error.getMessage()
				+ "); sending it again in " + delay.toMillis() + " ms");
		return again(request, next, delay, attempts);
	}

	// On a timer, not a thread; cancelling while it runs cancels the timer
	private Mono<ClientResponse> again(ClientRequest request, ExchangeFunction next, Duration delay,
			Attempts attempts) {
		return Mono.delay(delay).then(Mono.defer(() -> attempt(request, next, attempts)));
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

}
