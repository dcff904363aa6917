package net.erp.spring.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Decides when a token is renewed: the refresh skew before it expires, but no earlier
 * than half its lifetime. With a skew longer than the tokens live, every call would
 * otherwise ask for a new one.
 */
final class TokenRenewalPolicy {

	private final long refreshSkewMillis;

	private final Clock clock;

	TokenRenewalPolicy(Duration refreshSkew, Clock clock) {
		this.refreshSkewMillis = refreshSkew.toMillis();
		this.clock = clock;
	}

	boolean isRenewalDue(OAuth2AccessToken token) {
		Instant expiresAt = token.getExpiresAt();
		if (expiresAt == null) {
			return false;
		}
		Instant issuedAt = (token.getIssuedAt() != null) ? token.getIssuedAt() : expiresAt;
		// Asked on every call: millisecond arithmetic, without Duration's exact division or
		// an Instant per call
		long halfLifeMillis = (expiresAt.toEpochMilli() - issuedAt.toEpochMilli()) / 2;
		return this.clock.millis() >= expiresAt.toEpochMilli() - Math.min(this.refreshSkewMillis, halfLifeMillis);
	}

}
