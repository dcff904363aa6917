package net.erp.spring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

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

	@Test
	void withSharedLimitsARequestWaitsForTheirTurnAndGivesItsPermitBack() {
		ScriptedSharedLimits shared = new ScriptedSharedLimits(Mono.just(Duration.ofMillis(100)),
				Mono.just(Duration.ZERO));
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(1, 0);
		limiter.setSharedLimits(shared, Duration.ofSeconds(65));
		long start = System.nanoTime();
		// Asked from the queue, even one of no room: it is the only one
		Permit permit = limiter.acquire().join();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		assertThat(shared.asked).hasSize(2);
		assertThat(shared.leases).containsOnly(Duration.ofSeconds(65));
		assertThat(limiter.queued()).isZero();
		permit.release();
		assertThat(shared.released).containsExactly(shared.asked.get(1));
		// The next request takes a permit of another name
		shared.answers.add(Mono.just(Duration.ZERO));
		limiter.acquire().join().release();
		assertThat(shared.released).hasSize(2).doesNotHaveDuplicates();
	}

	@Test
	void withSharedLimitsOutOfReachTheLocalLimitsAloneHold() {
		ScriptedSharedLimits shared = new ScriptedSharedLimits(Mono.empty(), Mono.empty());
		this.limiter.setSharedLimits(shared, Duration.ofSeconds(65));
		Permit first = this.limiter.acquire().join();
		CompletableFuture<Permit> second = this.limiter.acquire();
		assertThat(second).isNotDone();
		first.release();
		second.join().release();
		assertThat(shared.asked).hasSize(2);
		assertThat(shared.released).isEmpty();
	}

	@Test
	void withSharedLimitsThatFailTheFirstWaiterFailsAndTheNextAsksAgain() {
		IllegalStateException failure = new IllegalStateException("erpnet.cluster.on-unavailable is fail");
		ScriptedSharedLimits shared = new ScriptedSharedLimits(Mono.error(failure), Mono.just(Duration.ZERO));
		this.limiter.setSharedLimits(shared, Duration.ofSeconds(65));
		CompletableFuture<Permit> failed = this.limiter.acquire();
		assertThatExceptionOfType(Exception.class).isThrownBy(failed::join).withCause(failure);
		assertThat(this.limiter.active()).isZero();
		this.limiter.acquire().join().release();
		assertThat(shared.released).containsExactly(shared.asked.get(1));
	}

	@Test
	void withSharedLimitsTheOthersWaitInTheQueueWhileTheFirstAsks() {
		Sinks.One<Duration> answer = Sinks.one();
		ScriptedSharedLimits shared = new ScriptedSharedLimits(answer.asMono(), Mono.just(Duration.ZERO));
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(2, 3);
		limiter.setSharedLimits(shared, Duration.ofSeconds(65));
		CompletableFuture<Permit> first = limiter.acquire();
		CompletableFuture<Permit> second = limiter.acquire();
		assertThat(shared.asked).hasSize(1);
		// The first no longer waits for this limiter; the second does, for the first
		assertThat(limiter.queued()).isOne();
		answer.tryEmitValue(Duration.ZERO);
		assertThat(first).isCompleted();
		assertThat(second).isCompleted();
		assertThat(shared.asked).hasSize(2);
	}

	/**
	 * Answers with the given answers in turn, and records what it was asked.
	 */
	private static final class ScriptedSharedLimits implements SharedErpNetLimits {

		private final Queue<Mono<Duration>> answers;

		private final List<String> asked = new CopyOnWriteArrayList<>();

		private final List<Duration> leases = new CopyOnWriteArrayList<>();

		private final List<String> released = new CopyOnWriteArrayList<>();

		@SafeVarargs
		ScriptedSharedLimits(Mono<Duration>... answers) {
			this.answers = new ConcurrentLinkedQueue<>(List.of(answers));
		}

		@Override
		public Mono<Duration> tryAcquire(String permit, int maxConcurrentRequests, int maxRequests, Duration window,
				Duration lease) {
			this.asked.add(permit);
			this.leases.add(lease);
			Mono<Duration> answer = this.answers.poll();
			return (answer != null) ? answer : Mono.error(new AssertionError("Asked once too often"));
		}

		@Override
		public void release(String permit) {
			this.released.add(permit);
		}

	}

}
