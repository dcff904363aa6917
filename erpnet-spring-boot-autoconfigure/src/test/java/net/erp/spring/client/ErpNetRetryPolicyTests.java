package net.erp.spring.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ErpNetRetryPolicy}: its decisions, read on a fixed clock and with the
 * elapsed time given, so that nothing waits.
 */
class ErpNetRetryPolicyTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private static final Duration JUST_STARTED = Duration.ZERO;

	private final ErpNetRetryPolicy policy = new ErpNetRetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10),
			Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void retryAfterInSecondsIsWaitedExactly() {
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, "7", JUST_STARTED))
			.isEqualTo(Duration.ofSeconds(7));
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, " 0 ", JUST_STARTED)).isZero();
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, "-5", JUST_STARTED)).isZero();
	}

	@Test
	void retryAfterAsAnHttpDateIsWaitedUntilThenOnTheClock() {
		String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, inThirtySeconds, JUST_STARTED))
			.isEqualTo(Duration.ofSeconds(30));
		String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(30).atZone(ZoneOffset.UTC));
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, past, JUST_STARTED)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "soon", "Tue, 99 Foo 2026 10:00:00 GMT" })
	void retryAfterThatCannotBeReadFallsBackToTheBackoff(String retryAfter) {
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, retryAfter, JUST_STARTED))
			.isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, null, JUST_STARTED))
			.isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
	}

	@Test
	void backoffDoublesWithEqualJitterWithinItsBounds() {
		ErpNetRetryPolicy policy = new ErpNetRetryPolicy(10, Duration.ofMillis(400), Duration.ofSeconds(10),
				Duration.ofHours(1), Clock.systemUTC());
		for (int attempt = 1; attempt <= 3; attempt++) {
			long ceiling = 400L << (attempt - 1);
			List<Long> delays = delays(policy, attempt);
			// Half fixed, half random: never below half, never above the full backoff, and
			// spread over the random half
			assertThat(delays).allSatisfy((delay) -> assertThat(delay).isBetween(ceiling / 2, ceiling));
			assertThat(delays.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThan(ceiling * 6 / 10);
			assertThat(delays.stream().mapToLong(Long::longValue).max().getAsLong()).isGreaterThan(ceiling * 9 / 10);
		}
	}

	@Test
	void backoffIsCappedAtTheMaximum() {
		ErpNetRetryPolicy policy = new ErpNetRetryPolicy(40, Duration.ofMillis(500), Duration.ofSeconds(10),
				Duration.ofDays(1), Clock.systemUTC());
		for (int attempt : new int[] { 6, 10, 30, 39 }) {
			assertThat(delays(policy, attempt)).allSatisfy((delay) -> assertThat(delay).isBetween(5_000L, 10_000L));
		}
	}

	@Test
	void noRetryStartsAfterTheTimeLimit() {
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, "61", JUST_STARTED)).isNull();
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, "10", Duration.ofSeconds(50)))
			.isEqualTo(Duration.ofSeconds(10));
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 429, "11", Duration.ofSeconds(50))).isNull();
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, 503, null, Duration.ofSeconds(60))).isNull();
		assertThat(this.policy.delayAfterConnectionFailure(1, HttpMethod.GET, Duration.ofSeconds(60))).isNull();
	}

	@Test
	void noRetryAfterTheLastAttempt() {
		assertThat(this.policy.delayAfterResponse(3, HttpMethod.GET, 503, null, JUST_STARTED))
			.isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
		assertThat(this.policy.delayAfterResponse(4, HttpMethod.GET, 503, null, JUST_STARTED)).isNull();
		assertThat(this.policy.delayAfterResponse(4, HttpMethod.GET, 429, "1", JUST_STARTED)).isNull();
		assertThat(this.policy.delayAfterConnectionFailure(4, HttpMethod.GET, JUST_STARTED)).isNull();
	}

	@Test
	void transientAnswersAndConnectionFailuresAreRetriedForIdempotentMethodsOnly() {
		for (int status : new int[] { 502, 503, 504 }) {
			for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE,
					HttpMethod.OPTIONS)) {
				assertThat(this.policy.delayAfterResponse(1, method, status, null, JUST_STARTED))
					.isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
				assertThat(this.policy.delayAfterConnectionFailure(1, method, JUST_STARTED))
					.isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
			}
			assertThat(this.policy.delayAfterResponse(1, HttpMethod.POST, status, null, JUST_STARTED)).isNull();
			assertThat(this.policy.delayAfterResponse(1, HttpMethod.PATCH, status, null, JUST_STARTED)).isNull();
		}
		assertThat(this.policy.delayAfterConnectionFailure(1, HttpMethod.POST, JUST_STARTED)).isNull();
		assertThat(this.policy.delayAfterConnectionFailure(1, HttpMethod.PATCH, JUST_STARTED)).isNull();
	}

	@Test
	void tooManyRequestsIsRetriedForEveryMethodAsItWasNotServed() {
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.POST, 429, "1", JUST_STARTED))
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.PATCH, 429, "1", JUST_STARTED))
			.isEqualTo(Duration.ofSeconds(1));
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 409, 500, 501, 505 })
	void otherAnswersAreNeverRetried(int status) {
		assertThat(this.policy.delayAfterResponse(1, HttpMethod.GET, status, "1", JUST_STARTED)).isNull();
	}

	@Test
	void everyRetryIsReportedToTheListener() {
		List<String> reasons = new ArrayList<>();
		this.policy.setListener(new ErpNetClientListener() {

			@Override
			public void retried(String reason) {
				reasons.add(reason);
			}

		});
		this.policy.delayAfterResponse(1, HttpMethod.GET, 429, "1", JUST_STARTED);
		this.policy.delayAfterResponse(1, HttpMethod.GET, 503, null, JUST_STARTED);
		this.policy.delayAfterConnectionFailure(1, HttpMethod.GET, JUST_STARTED);
		this.policy.delayAfterResponse(1, HttpMethod.GET, 500, null, JUST_STARTED);
		this.policy.delayAfterResponse(4, HttpMethod.GET, 503, null, JUST_STARTED);
		assertThat(reasons).containsExactly("429", "503", "connection");
	}

	private static List<Long> delays(ErpNetRetryPolicy policy, int attempt) {
		return IntStream.range(0, 2000)
			.mapToObj((i) -> policy.delayAfterResponse(attempt, HttpMethod.GET, 503, null, JUST_STARTED).toMillis())
			.toList();
	}

}
