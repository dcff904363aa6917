package net.erp.spring.client;

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
