package net.erp.spring.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * Remembers for a while that the token endpoint rejected the client, so that bad
 * credentials fail at once instead of hammering Instance ID. Failures to answer (the
 * endpoint unreachable or failing) are not remembered: asking again may cure them.
 */
final class ErrorCooldown {

	private final Duration period;

	private final Clock clock;

	private volatile @Nullable Rejection rejection;

	ErrorCooldown(Duration period, Clock clock) {
		this.period = period;
		this.clock = clock;
	}

	void remember(Throwable ex) {
		if (ex instanceof ErpNetAuthenticationException authenticationException
				&& authenticationException.isRejection() && !this.period.isZero()) {
			this.rejection = new Rejection(authenticationException.getError(), authenticationException.getHint(),
					this.clock.instant().plus(this.period));
		}
	}

	boolean inEffect() {
		return current() != null;
	}

	/**
	 * The rejection in effect as a new exception, or {@code null} if there is none: a new
	 * one each time, as callers add suppressed exceptions to what they get.
	 */
	@Nullable ErpNetAuthenticationException rejection(String clientId) {
		Rejection rejection = current();
		return (rejection != null)
				? new ErpNetAuthenticationException(rejection.error(), clientId, rejection.hint(), null) : null;
	}

	private @Nullable Rejection current() {
		Rejection rejection = this.rejection;
		return (rejection != null && this.clock.instant().isBefore(rejection.until())) ? rejection : null;
	}

	private record Rejection(OAuth2Error error, String hint, Instant until) {

	}

}
