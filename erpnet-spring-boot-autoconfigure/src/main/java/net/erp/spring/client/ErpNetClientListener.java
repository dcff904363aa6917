package net.erp.spring.client;

import java.time.Duration;
import java.util.List;

import org.springframework.util.Assert;

/**
 * Hears what the ERP.net client does, for metrics: token requests, token reuse, waits for
 * a turn under the concurrency limit, rejections and retries. Every method has an empty
 * default; an implementation must be fast and must not throw.
 */
public interface ErpNetClientListener {

	/**
	 * A listener that does nothing.
	 */
	ErpNetClientListener NONE = new ErpNetClientListener() {
	};

	/**
	 * Every reason {@link #retried(String)} is called with.
	 */
	List<String> RETRY_REASONS = List.of("429", "502", "503", "504", "connection");

	/**
	 * A listener that tells each of the given listeners, in their order.
	 * @param listeners the listeners
	 * @return one listener for all of them
	 */
	static ErpNetClientListener of(List<ErpNetClientListener> listeners) {
		Assert.notNull(listeners, "listeners cannot be null");
		return switch (listeners.size()) {
			case 0 -> NONE;
			case 1 -> listeners.get(0);
			default -> new CompositeErpNetClientListener(listeners);
		};
	}

	/**
	 * A token was requested from the token endpoint.
	 * @param outcome {@code success}, or the error code of the
	 * {@link ErpNetAuthenticationException}
	 * @param duration how long it took, retries included
	 */
	default void tokenRequested(String outcome, Duration duration) {
	}

	/**
	 * An authorization was served from the cached token.
	 */
	default void tokenReused() {
	}

	/**
	 * A Domain API request got its turn under the concurrency limit.
	 * @param wait how long it waited, zero if it did not
	 */
	default void turnGranted(Duration wait) {
	}

	/**
	 * A Domain API request was refused because the queue was full.
	 */
	default void queueRejected() {
	}

	/**
	 * A Domain API request is sent again.
	 * @param reason the HTTP status that caused it, such as {@code 429} or {@code 503},
	 * or {@code connection} for a connection failure or a timeout: one of
	 * {@link #RETRY_REASONS}
	 */
	default void retried(String reason) {
	}

}
