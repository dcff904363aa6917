package net.erp.spring.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import net.erp.spring.client.ErpNetConcurrencyLimiter.Permit;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.function.client.support.ClientResponseWrapper;

/**
 * An {@link ExchangeFilterFunction} for requests to an ERP.net instance: it puts the
 * access token on them and, when the instance answers 401, renews the token and sends the
 * request once more; each attempt waits for its turn in the
 * {@link ErpNetConcurrencyLimiter} and is repeated as the {@link ErpNetRetryPolicy}
 * decides, waiting on a timer rather than a thread.
 * <p>
 * Requests to any other origin (scheme, host and port) pass through untouched, without
 * the token.
 */
public final class ErpNetExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(ErpNetExchangeFilterFunction.class);

	private final ReactiveOAuth2AuthorizedClientManager authorizedClientManager;

	private final InstanceAuthorization authorization;

	private final ErpNetRetryPolicy retryPolicy;

	private final ErpNetConcurrencyLimiter concurrencyLimiter;

	private final Mono<OAuth2AuthorizedClient> noAuthorizedClient;

	/**
	 * Create a new instance.
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param clientRegistrationId the id of the instance's client registration
	 * @param instanceUrl the URL of the instance; only requests to its origin get a token
	 * @param retryPolicy decides which failed attempts are repeated
	 * @param concurrencyLimiter limits the requests under way to the instance
	 */
	public ErpNetExchangeFilterFunction(ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			String clientRegistrationId, URI instanceUrl, ErpNetRetryPolicy retryPolicy,
			ErpNetConcurrencyLimiter concurrencyLimiter) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		Assert.notNull(retryPolicy, "retryPolicy cannot be null");
		Assert.notNull(concurrencyLimiter, "concurrencyLimiter cannot be null");
		this.authorizedClientManager = authorizedClientManager;
		this.authorization = new InstanceAuthorization(clientRegistrationId, instanceUrl);
		this.retryPolicy = retryPolicy;
		this.concurrencyLimiter = concurrencyLimiter;
		this.noAuthorizedClient = Mono.error(() -> new IllegalStateException("No access token for client registration '"
				+ clientRegistrationId + "': it must use the client_credentials grant"));
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction exchange) {
		if (!this.authorization.appliesTo(request.url())) {
			return exchange.exchange(request);
		}
		return Mono.defer(() -> {
			// Most calls find a valid cached token: they take it without the operators of a
			// reactive authorization, which run on every call
			OAuth2AuthorizedClient reusable = ErpNetReactiveAuthorizedClientManager
				.reusableClient(this.authorizedClientManager, this.authorization.authorizeRequest());
			if (reusable != null) {
				return send(request, exchange, reusable.getAccessToken(), false);
			}
			return authorize(this.authorization.authorizeRequest())
				.flatMap((client) -> send(request, exchange, client.getAccessToken(), false));
		});
	}

	private Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest authorizeRequest) {
		return this.authorizedClientManager.authorize(authorizeRequest).switchIfEmpty(this.noAuthorizedClient);
	}

	private Mono<ClientResponse> send(ClientRequest request, ExchangeFunction exchange, OAuth2AccessToken token,
			boolean renewed) {
		// Token, limit, retries and 401 in one chain of few operators: it runs on every call.
		// The token goes on the HTTP library's request only, never into the ClientRequest,
		// whose headers are logged with spring.http.codecs.log-request-details, and are
		// kept by WebClientResponseException.getRequest().
		String authorization = this.authorization.bearerHeader(token);
		ClientRequest authorized = ClientRequest.from(request)
			.httpRequest((httpRequest) -> httpRequest.getHeaders().set(HttpHeaders.AUTHORIZATION, authorization))
			.build();
		return attempt(new Call(request, authorized, exchange, token, renewed, System.nanoTime()), 1);
	}

	private Mono<ClientResponse> attempt(Call call, int attempt) {
		CompletableFuture<Permit> permit = this.concurrencyLimiter.acquire();
		if (permit.isDone() && !permit.isCompletedExceptionally()) {
			// Most requests get their turn at once: no need to wait on the future then
			return attempt(call, attempt, permit.join());
		}
		return Mono.fromFuture(permit, true)
			.doOnCancel(() -> giveUp(permit))
			.flatMap((granted) -> attempt(call, attempt, granted));
	}

	private Mono<ClientResponse> attempt(Call call, int attempt, Permit permit) {
		return new Attempt(call, attempt, permit);
	}

	private Mono<ClientResponse> answered(Call call, int attempt, Permit permit, ClientResponse response) {
		int status = response.statusCode().value();
		if (status == HttpStatus.UNAUTHORIZED.value() && !call.renewed()) {
			logger.debug("ERP.net answered 401; renewing the access token and sending the request once more");
			return release(response, permit)
				.then(authorize(this.authorization.authorizeRequestReplacing(call.token())))
				.flatMap((client) -> send(call.request(), call.exchange(), client.getAccessToken(), true));
		}
		HttpMethod method = call.authorized().method();
		Duration delay = this.retryPolicy.delayAfterResponse(attempt, method, status,
				response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), call.elapsed());
		if (delay == null) {
			return Mono.just(new PermitReleasingResponse(response, permit));
		}
		logger.debug("ERP.net answered " + status + " to " + method + " " + call.authorized().url().getPath()
				+ "; sending it again in " + delay.toMillis() + " ms");
		return release(response, permit).then(retry(call, attempt, delay));
	}

	private Mono<ClientResponse> failed(Call call, int attempt, Throwable error) {
		if (error instanceof WebClientRequestException) {
			HttpMethod method = call.authorized().method();
			Duration delay = this.retryPolicy.delayAfterConnectionFailure(attempt, method, call.elapsed());
			if (delay != null) {
				logger.debug("Request " + method + " " + call.authorized().url().getPath() + " to ERP.net failed ("
						+ error.getMessage() + "); sending it again in " + delay.toMillis() + " ms");
				return retry(call, attempt, delay);
			}
		}
		return Mono.error(error);
	}

	private Mono<ClientResponse> retry(Call call, int attempt, Duration delay) {
		return Mono.delay(delay).then(Mono.defer(() -> attempt(call, attempt + 1)));
	}

	private static Mono<Void> release(ClientResponse response, Permit permit) {
		return response.releaseBody().doFinally((signal) -> permit.release());
	}

	private static void giveUp(CompletableFuture<Permit> permit) {
		if (!permit.cancel(false)) {
			permit.thenAccept(Permit::release);
		}
	}

	@Override
	public String toString() {
		return "ErpNetExchangeFilterFunction[" + this.authorization + "]";
	}

	/**
	 * One request on its way to the instance, over all its attempts.
	 * @param request the request as the caller sent it
	 * @param authorized the request with the token
	 * @param exchange the rest of the chain
	 * @param token the token on it
	 * @param renewed whether the token was renewed after a 401 already
	 * @param start when the first attempt started, from {@link System#nanoTime()}
	 */
	private record Call(ClientRequest request, ClientRequest authorized, ExchangeFunction exchange,
			OAuth2AccessToken token, boolean renewed, long start) {

		Duration elapsed() {
			return Duration.ofNanos(System.nanoTime() - this.start);
		}

	}

	/**
	 * One attempt with its permit. A response under 400, most of them, goes on at once with
	 * nothing to renew or retry; any other outcome goes on as {@link #answered} or
	 * {@link #failed} decide. One operator where {@code doOnCancel}, {@code materialize} and
	 * {@code flatMap} would be three on every call; and, as with {@code materialize}, a
	 * later attempt's outcome is never judged again by this one.
	 */
	private final class Attempt extends Mono<ClientResponse> {

		private final Call call;

		private final int attempt;

		private final Permit permit;

		Attempt(Call call, int attempt, Permit permit) {
			this.call = call;
			this.attempt = attempt;
			this.permit = permit;
		}

		@Override
		public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
			Mono<ClientResponse> exchange;
			try {
				exchange = this.call.exchange().exchange(this.call.authorized());
			}
			catch (Throwable ex) {
				this.permit.release();
				Operators.error(actual, ex);
				return;
			}
			exchange.subscribe(new AttemptSubscriber(actual, this.call, this.attempt, this.permit));
		}

	}

	private final class AttemptSubscriber extends PermitHoldingSubscriber<ClientResponse> {

		private static final Subscription CANCELLED = Operators.cancelledSubscription();

		private static final AtomicReferenceFieldUpdater<AttemptSubscriber, @Nullable Subscription> OUTCOME = AtomicReferenceFieldUpdater
			.newUpdater(AttemptSubscriber.class, Subscription.class, "outcome");

		private final Call call;

		private final int attempt;

		private boolean done;

		private volatile @Nullable Subscription outcome;

		AttemptSubscriber(CoreSubscriber<? super ClientResponse> actual, Call call, int attempt, Permit permit) {
			super(actual, permit);
			this.call = call;
			this.attempt = attempt;
		}

		@Override
		public void onNext(ClientResponse response) {
			if (this.done) {
				Operators.onNextDropped(response, currentContext());
				return;
			}
			this.done = true;
			if (response.statusCode().value() < 400) {
				this.actual.onNext(new PermitReleasingResponse(response, this.permit));
				this.actual.onComplete();
				return;
			}
			continueWith(() -> answered(this.call, this.attempt, this.permit, response));
		}

		@Override
		public void onError(Throwable error) {
			if (this.done) {
				Operators.onErrorDropped(error, currentContext());
				return;
			}
			this.done = true;
			this.permit.release();
			continueWith(() -> failed(this.call, this.attempt, error));
		}

		@Override
		public void onComplete() {
			if (this.done) {
				return;
			}
			this.done = true;
			this.permit.release();
			this.actual.onComplete();
		}

		private void continueWith(Supplier<Mono<ClientResponse>> outcome) {
			Mono<ClientResponse> next;
			try {
				next = outcome.get();
			}
			catch (Throwable ex) {
				this.permit.release();
				this.actual.onError(ex);
				return;
			}
			next.subscribe(new OutcomeSubscriber(this));
		}

		boolean setOutcome(Subscription subscription) {
			return OUTCOME.compareAndSet(this, null, subscription);
		}

		@Override
		public void cancel() {
			super.cancel();
			Subscription outcome = OUTCOME.getAndSet(this, CANCELLED);
			if (outcome != null && outcome != CANCELLED) {
				outcome.cancel();
			}
		}

	}

	/**
	 * Passes what {@link #answered} or {@link #failed} decided on to the subscriber of the
	 * attempt.
	 */
	private static final class OutcomeSubscriber implements CoreSubscriber<ClientResponse> {

		private final AttemptSubscriber parent;

		OutcomeSubscriber(AttemptSubscriber parent) {
			this.parent = parent;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (this.parent.setOutcome(subscription)) {
				subscription.request(Long.MAX_VALUE);
			}
			else {
				subscription.cancel();
			}
		}

		@Override
		public void onNext(ClientResponse response) {
			this.parent.actual.onNext(response);
		}

		@Override
		public void onError(Throwable error) {
			this.parent.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.parent.actual.onComplete();
		}

		@Override
		public Context currentContext() {
			return this.parent.currentContext();
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
			return new PermitReleasingMono<>(body, this.permit);
		}

		private <T> Flux<T> releasing(Flux<T> body) {
			return new PermitReleasingFlux<>(body, this.permit);
		}

	}

	private static final class PermitReleasingMono<T> extends MonoOperator<T, T> {

		private final Permit permit;

		PermitReleasingMono(Mono<T> body, Permit permit) {
			super(body);
			this.permit = permit;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new PermitReleasingSubscriber<>(actual, this.permit, true));
		}

	}

	private static final class PermitReleasingFlux<T> extends FluxOperator<T, T> {

		private final Permit permit;

		PermitReleasingFlux(Flux<T> body, Permit permit) {
			super(body);
			this.permit = permit;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new PermitReleasingSubscriber<>(actual, this.permit, false));
		}

	}

	/**
	 * A subscriber between an upstream and the actual subscriber that holds a permit: a
	 * cancellation gives it back, whatever else the subclass does with the signals.
	 */
	private abstract static class PermitHoldingSubscriber<T> implements CoreSubscriber<T>, Subscription {

		final CoreSubscriber<? super T> actual;

		final Permit permit;

		private @Nullable Subscription upstream;

		PermitHoldingSubscriber(CoreSubscriber<? super T> actual, Permit permit) {
			this.actual = actual;
			this.permit = permit;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void request(long n) {
			this.upstream.request(n);
		}

		@Override
		public void cancel() {
			this.permit.release();
			this.upstream.cancel();
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

	}

	/**
	 * Gives the permit back when the body ends or is cancelled, before the subscriber
	 * hears of it; for a Mono, the value is the end. One operator where
	 * {@code doOnTerminate} and {@code doOnCancel} would be two, on every call.
	 */
	private static final class PermitReleasingSubscriber<T> extends PermitHoldingSubscriber<T> {

		private final boolean mono;

		PermitReleasingSubscriber(CoreSubscriber<? super T> actual, Permit permit, boolean mono) {
			super(actual, permit);
			this.mono = mono;
		}

		@Override
		public void onNext(T value) {
			if (this.mono) {
				this.permit.release();
			}
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable error) {
			this.permit.release();
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.permit.release();
			this.actual.onComplete();
		}

	}

}
