package net.erp.spring.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

/**
 * Which failed Domain API requests are worth sending again, and after how long, given how
 * ERP.net behaves:
 * <ul>
 * <li>429 Too Many Requests: after {@code Retry-After} (seconds or an HTTP date) when
 * present, else after an exponential backoff with jitter; the request was not
 * served.</li>
 * <li>502, 503, 504 and connection failures (refused, reset, timed out): the same backoff,
 * for idempotent methods only (GET, HEAD, PUT, DELETE, OPTIONS); a POST may have been
 * served.</li>
 * <li>Everything else, 500 and other 4xx included, is never retried: a 500 is a business
 * or validation error that repeats the same way. (401 is renewed once by the bearer
 * filters, not here.)</li>
 * </ul>
 * Retries stop after {@code maxAttempts} attempts in all, and none starts later than the
 * time limit after the first attempt.
 */
public final class ErpNetRetryPolicy {

	private static final Set<HttpMethod> IDEMPOTENT_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
			HttpMethod.DELETE, HttpMethod.OPTIONS);

	private static final Set<Integer> TRANSIENT_STATUSES = Set.of(502, 503, 504);

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration timeLimit;

	private final Clock clock;

	private ErpNetClientListener listener = ErpNetClientListener.NONE;

	/**
	 * Create a new instance.
	 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
	 * @param initialBackoff the backoff before the first retry; it doubles with each one
	 * @param maxBackoff the longest backoff
	 * @param timeLimit how long after the first attempt a retry may still start
	 * @param clock the clock that reads HTTP-date {@code Retry-After} values
	 */
	public ErpNetRetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeLimit,
			Clock clock) {
		Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
		Assert.isTrue(!initialBackoff.isNegative() && !maxBackoff.isNegative() && !timeLimit.isNegative(),
				"durations must not be negative");
		this.maxAttempts = maxAttempts;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.timeLimit = timeLimit;
		this.clock = clock;
	}

	/**
	 * Set the listener that hears of retries. Defaults to
	 * {@link ErpNetClientListener#NONE}.
	 * @param listener the listener
	 */
	public void setListener(ErpNetClientListener listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listener = listener;
	}

	/**
	 * The delay before sending a request again after a response, or {@code null} not to.
	 * @param attempt the attempt that got the response, 1 for the first
	 * @param method the request's method
	 * @param status the response status
	 * @param retryAfter the response's {@code Retry-After} header, if any
	 * @param elapsed the time since the first attempt started
	 * @return the delay, or {@code null}
	 */
	@Nullable Duration delayAfterResponse(int attempt, HttpMethod method, int status,
			@Nullable String retryAfter, Duration elapsed) {
		if (status == 429) {
			Duration requested = parseRetryAfter(retryAfter);
			return retry("429", withinLimits(attempt, (requested != null) ? requested : backoff(attempt), elapsed));
		}
		if (TRANSIENT_STATUSES.contains(status) && IDEMPOTENT_METHODS.contains(method)) {
			return retry(Integer.toString(status), withinLimits(attempt, backoff(attempt), elapsed));
		}
		return null;
	}

	/**
	 * The delay before sending a request again after a connection failure or a timeout,
	 * or {@code null} not to.
	 * @param attempt the attempt that failed, 1 for the first
	 * @param method the request's method
	 * @param elapsed the time since the first attempt started
	 * @return the delay, or {@code null}
	 */
	@Nullable Duration delayAfterConnectionFailure(int attempt, HttpMethod method, Duration elapsed) {
		return IDEMPOTENT_METHODS.contains(method)
				? retry("connection", withinLimits(attempt, backoff(attempt), elapsed)) : null;
	}

	private @Nullable Duration retry(String reason, @Nullable Duration delay) {
		if (delay != null) {
			this.listener.retried(reason);
		}
		return delay;
	}

	private @Nullable Duration withinLimits(int attempt, Duration delay, Duration elapsed) {
		if (attempt >= this.maxAttempts || elapsed.plus(delay).compareTo(this.timeLimit) > 0) {
			return null;
		}
		return delay;
	}

	private Duration backoff(int attempt) {
		long exponential = this.initialBackoff.toMillis() << Math.min(attempt - 1, 20);
		long capped = Math.min(exponential, this.maxBackoff.toMillis());
		// Equal jitter: half fixed, half random, so that callers that failed together spread out
		return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
	}

	private @Nullable Duration parseRetryAfter(@Nullable String retryAfter) {
		if (retryAfter == null || retryAfter.isBlank()) {
			return null;
		}
		String value = retryAfter.trim();
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration delay = Duration.between(this.clock.instant(), at);
				return delay.isNegative() ? Duration.ZERO : delay;
			}
			catch (DateTimeParseException unparsable) {
				return null;
			}
		}
	}

}
