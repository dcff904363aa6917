package net.erp.spring.client;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenRenewalPolicy}, on a clock moved by hand.
 */
class TokenRenewalPolicyTests {

	private static final Instant ISSUED = Instant.parse("2026-12-07T10:00:00Z");

	private final MutableClock clock = new MutableClock(ISSUED);

	@Test
	void renewsTheSkewBeforeExpiry() {
		TokenRenewalPolicy policy = new TokenRenewalPolicy(Duration.ofSeconds(60), this.clock);
		OAuth2AccessToken token = token(Duration.ofHours(1));
		this.clock.advance(Duration.ofMinutes(59).minusMillis(1));
		assertThat(policy.isRenewalDue(token)).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(policy.isRenewalDue(token)).isTrue();
	}

	@Test
	void neverRenewsBeforeHalfTheLifetime() {
		TokenRenewalPolicy policy = new TokenRenewalPolicy(Duration.ofMinutes(10), this.clock);
		OAuth2AccessToken token = token(Duration.ofMinutes(4));
		this.clock.advance(Duration.ofMinutes(2).minusMillis(1));
		assertThat(policy.isRenewalDue(token)).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(policy.isRenewalDue(token)).isTrue();
	}

	@Test
	void withoutSkewRenewsAtExpiry() {
		TokenRenewalPolicy policy = new TokenRenewalPolicy(Duration.ZERO, this.clock);
		OAuth2AccessToken token = token(Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(30).minusMillis(1));
		assertThat(policy.isRenewalDue(token)).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(policy.isRenewalDue(token)).isTrue();
	}

	@Test
	void aTokenWithoutExpiryIsNeverDue() {
		TokenRenewalPolicy policy = new TokenRenewalPolicy(Duration.ofSeconds(60), this.clock);
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "t", null, null);
		this.clock.advance(Duration.ofDays(365));
		assertThat(policy.isRenewalDue(token)).isFalse();
	}

	@Test
	void aTokenWithoutIssueTimeIsRenewedAtExpiry() {
		// No lifetime to halve, so half of nothing caps the skew
		TokenRenewalPolicy policy = new TokenRenewalPolicy(Duration.ofSeconds(60), this.clock);
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "t", null,
				ISSUED.plus(Duration.ofHours(1)));
		this.clock.advance(Duration.ofHours(1).minusMillis(1));
		assertThat(policy.isRenewalDue(token)).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(policy.isRenewalDue(token)).isTrue();
	}

	private static OAuth2AccessToken token(Duration lifetime) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "t", ISSUED, ISSUED.plus(lifetime));
	}

}
