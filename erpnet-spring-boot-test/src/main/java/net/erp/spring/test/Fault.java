package net.erp.spring.test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP failure the emulator answers with instead of serving a request, for testing how
 * a client copes with what ERP.net does under load or on errors.
 *
 * @param status the HTTP status
 * @param retryAfter the value of the {@code Retry-After} header, if any
 * @param body the JSON body, if any
 * @param delay how long to wait before answering
 */
public record Fault(int status, @Nullable String retryAfter, @Nullable String body, Duration delay) {

	/**
	 * 429 Too Many Requests, as ERP.net answers when a session's request queue is full.
	 * @param retryAfter the {@code Retry-After} in whole seconds, or {@code null} for none
	 * @return the fault
	 */
	public static Fault tooManyRequests(@Nullable Duration retryAfter) {
		return new Fault(429, (retryAfter != null) ? Long.toString(retryAfter.toSeconds()) : null, null,
				Duration.ZERO);
	}

	/**
	 * 429 Too Many Requests with {@code Retry-After} as an HTTP date.
	 * @param retryAt when the client may retry
	 * @return the fault
	 */
	public static Fault tooManyRequestsUntil(Instant retryAt) {
		return new Fault(429, DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt.atOffset(ZoneOffset.UTC)), null,
				Duration.ZERO);
	}

	/**
	 * 500 with an ERP.net error body, as a business or validation error.
	 * @param code the ERP.net error code, for example 2029 for a failed validation
	 * @param type the server's exception type
	 * @param message the message
	 * @return the fault
	 */
	public static Fault serverError(int code, String type, String message) {
		return new Fault(500, null, ErpNetErrors.body(code, type, message), Duration.ZERO);
	}

	/**
	 * 503 Service Unavailable.
	 * @return the fault
	 */
	public static Fault serviceUnavailable() {
		return status(503);
	}

	/**
	 * An answer with the given status and no body.
	 * @param status the HTTP status
	 * @return the fault
	 */
	public static Fault status(int status) {
		return new Fault(status, null, null, Duration.ZERO);
	}

	/**
	 * This fault, answered after the given delay.
	 * @param delay the delay
	 * @return the delayed fault
	 */
	public Fault after(Duration delay) {
		return new Fault(this.status, this.retryAfter, this.body, delay);
	}

}
