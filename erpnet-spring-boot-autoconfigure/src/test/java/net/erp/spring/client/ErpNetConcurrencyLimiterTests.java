package net.erp.spring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import net.erp.spring.client.ErpNetConcurrencyLimiter.Permit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ErpNetConcurrencyLimiter}.
 */
class ErpNetConcurrencyLimiterTests {

	private final ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(1, 3);

	@Test
	void waitersGetTheirTurnFirstComeFirstServed() {
		Permit first = this.limiter.acquire().join();
		List<CompletableFuture<Permit>> waiting = List.of(this.limiter.acquire(), this.limiter.acquire(),
				this.limiter.acquire());
		assertThat(waiting).noneMatch(CompletableFuture::isDone);
		assertThat(this.limiter.queued()).isEqualTo(3);
		first.release();
		assertThat(waiting.get(0)).isCompleted();
		assertThat(waiting.subList(1, 3)).noneMatch(CompletableFuture::isDone);
		waiting.get(0).join().release();
		assertThat(waiting.get(1)).isCompleted();
		assertThat(waiting.get(2)).isNotDone();
		waiting.get(1).join().release();
		waiting.get(2).join().release();
		assertThat(this.limiter.active()).isZero();
		assertThat(this.limiter.queued()).isZero();
	}

	@Test
	void requestBeyondTheQueueIsRefusedAtOnce() {
		this.limiter.acquire();
		for (int i = 0; i < 3; i++) {
			this.limiter.acquire();
		}
		CompletableFuture<Permit> refused = this.limiter.acquire();
		assertThat(refused).isCompletedExceptionally();
		assertThatExceptionOfType(Exception.class).isThrownBy(refused::join)
			.withCauseInstanceOf(ErpNetConcurrencyLimitException.class);
	}

	@Test
	void cancelledWaiterLeavesTheQueueAndIsSkipped() {
		Permit first = this.limiter.acquire().join();
		CompletableFuture<Permit> cancelled = this.limiter.acquire();
		CompletableFuture<Permit> next = this.limiter.acquire();
		cancelled.cancel(false);
		assertThat(this.limiter.queued()).isOne();
		first.release();
		assertThat(next).isCompleted();
		assertThat(this.limiter.active()).isOne();
	}

	@Test
	void pacingLetsNoMoreRequestsStartInAWindowThanAllowed() {
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(8, 20);
		limiter.pace(5, Duration.ofMillis(800));
		List<CompletableFuture<Permit>> permits = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			permits.add(limiter.acquire());
		}
		// Five start at once; the others wait although the concurrency limit would allow them
		assertThat(permits.subList(0, 5)).allMatch(CompletableFuture::isDone);
		assertThat(permits.subList(5, 12)).noneMatch(CompletableFuture::isDone);
		permits.subList(0, 5).forEach((permit) -> permit.join().release());
		assertThat(permits.subList(5, 12)).noneMatch(CompletableFuture::isDone);
		assertThat(limiter.queued()).isEqualTo(7);
		// A window after the first five, the next five start, in their order
		await().atMost(Duration.ofSeconds(5)).until(() -> permits.get(9).isDone());
		assertThat(permits.subList(5, 10)).allMatch(CompletableFuture::isDone);
		assertThat(permits.subList(10, 12)).noneMatch(CompletableFuture::isDone);
		await().atMost(Duration.ofSeconds(5)).until(() -> permits.get(11).isDone());
		permits.subList(5, 12).forEach((permit) -> permit.join().release());
		assertThat(limiter.active()).isZero();
		assertThat(limiter.queued()).isZero();
	}

	@Test
	void pacingIsPerMinuteWithAMarginAndOffWithZero() {
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(100, 0);
		assertThat(limiter.getMaxRequestsPerMinute()).isZero();
		for (int i = 0; i < 100; i++) {
			assertThat(limiter.acquire()).isCompleted();
		}
		limiter = new ErpNetConcurrencyLimiter(100, 0);
		limiter.setMaxRequestsPerMinute(3);
		assertThat(limiter.getMaxRequestsPerMinute()).isEqualTo(3);
		for (int i = 0; i < 3; i++) {
			limiter.acquire().join().release();
		}
		// No queue: the fourth in the minute is refused rather than sent into a 429
		assertThat(limiter.acquire()).isCompletedExceptionally();
	}

	@Test
	void pacingKeepsCountAsItsRecordGrows() {
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(100, 10);
		limiter.pace(40, Duration.ofMillis(500));
		for (int i = 0; i < 40; i++) {
			assertThat(limiter.acquire()).as("turn %d", i).isCompleted();
		}
		CompletableFuture<Permit> next = limiter.acquire();
		assertThat(next).isNotDone();
		await().atMost(Duration.ofSeconds(5)).until(next::isDone);
		assertThat(limiter.active()).isEqualTo(41);
	}

	@Test
	void aCancelledPacedWaiterGivesItsTurnToTheNext() {
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(4, 4);
		limiter.pace(1, Duration.ofMillis(300));
		limiter.acquire().join().release();
		CompletableFuture<Permit> cancelled = limiter.acquire();
		CompletableFuture<Permit> next = limiter.acquire();
		cancelled.cancel(false);
		await().atMost(Duration.ofSeconds(5)).until(next::isDone);
		assertThat(limiter.queued()).isZero();
		assertThat(limiter.active()).isOne();
	}

	@Test
	void releasingTwiceLetsOnlyOneWaiterGo() {
		Permit first = this.limiter.acquire().join();
		CompletableFuture<Permit> second = this.limiter.acquire();
		CompletableFuture<Permit> third = this.limiter.acquire();
		first.release();
		first.release();
		assertThat(second).isCompleted();
		assertThat(third).isNotDone();
		assertThat(this.limiter.active()).isOne();
	}

	@Test
	void concurrentAcquiresAndReleasesNeverPassTheLimit() throws InterruptedException {
		int threads = 8;
		int rounds = 5_000;
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(4, threads * rounds);
		AtomicInteger under = new AtomicInteger();
		AtomicInteger mostUnder = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(threads * rounds);
		List<Throwable> failures = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		// Released on other threads, as responses end on I/O threads, while acquires go on
		ExecutorService releasing = Executors.newFixedThreadPool(2);
		try {
			for (int t = 0; t < threads; t++) {
				executor.execute(() -> {
					for (int i = 0; i < rounds; i++) {
						limiter.acquire().whenComplete((permit, ex) -> {
							if (ex != null) {
								synchronized (failures) {
									failures.add(ex);
								}
							}
							else {
								mostUnder.accumulateAndGet(under.incrementAndGet(), Math::max);
								under.decrementAndGet();
								releasing.execute(permit::release);
							}
							done.countDown();
						});
					}
				});
			}
			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			executor.shutdownNow();
			releasing.shutdown();
			assertThat(releasing.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(failures).isEmpty();
		assertThat(mostUnder.get()).isBetween(1, 4);
		assertThat(limiter.active()).isZero();
		assertThat(limiter.queued()).isZero();
	}

}
