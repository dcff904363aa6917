package net.erp.spring.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

/**
 * Limits the Domain API requests under way to one instance, for the {@code WebClient} and
 * the {@code RestClient} together: ERP.net serves one request per session at a time by
 * default and answers 429 when its short queue is full. It also paces them, so that no
 * more than {@link #setMaxRequestsPerMinute(int) a number} start in any minute: ERP.net
 * answers 429 beyond 600 requests a minute per session.
 * <p>
 * A request beyond the limits waits, without blocking a thread, in a bounded queue served
 * first come, first served; when the queue is full it fails at once with an
 * {@link ErpNetConcurrencyLimitException}.
 * <p>
 * Replicas that share a session can {@link #setSharedLimits share the limits} too: once
 * this limiter's own limits allow a request, it asks the shared ones for a turn, one
 * request at a time, and the others wait in its queue meanwhile.
 */
public final class ErpNetConcurrencyLimiter {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	// A request reaches the server a little after its turn: one that took longer than the
	// request a window before it must not be counted in that request's window there
	private static final Duration PACING_MARGIN = Duration.ofSeconds(1);

	private final int maxConcurrentRequests;

	private final int maxQueuedRequests;

	private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();

	private ErpNetClientListener listener = ErpNetClientListener.NONE;

	private int active;

	private int maxRequestsPerWindow;

	private long windowNanos;

	// When the last turns were granted: a ring, oldest at turnsHead, made on first use
	private long @Nullable [] turns;

	private int turnsHead;

	private int turnsCount;

	private boolean wakeUpScheduled;

	private volatile @Nullable SharedErpNetLimits sharedLimits;

	private Duration lease = Duration.ZERO;

	private final String permitPrefix = UUID.randomUUID() + ":";

	private long permitCount;

	// Whether the first waiter is asking the shared limits for its turn
	private boolean asking;

	private boolean retryScheduled;

	/**
	 * Create a new instance that does not pace requests.
	 * @param maxConcurrentRequests how many requests may be under way, at least 1
	 * @param maxQueuedRequests how many may wait for their turn, at least 0
	 */
	public ErpNetConcurrencyLimiter(int maxConcurrentRequests, int maxQueuedRequests) {
		Assert.isTrue(maxConcurrentRequests >= 1, "maxConcurrentRequests must be at least 1");
		Assert.isTrue(maxQueuedRequests >= 0, "maxQueuedRequests must not be negative");
		this.maxConcurrentRequests = maxConcurrentRequests;
		this.maxQueuedRequests = maxQueuedRequests;
	}

	/**
	 * Set how many requests may start in any minute, {@code 0} for no limit (the
	 * default). The turns are spread over a minute and a second, as the server counts a
	 * request when it arrives.
	 * @param maxRequestsPerMinute the number of requests, at least 0
	 */
	public void setMaxRequestsPerMinute(int maxRequestsPerMinute) {
		Assert.isTrue(maxRequestsPerMinute >= 0, "maxRequestsPerMinute must not be negative");
		pace(maxRequestsPerMinute, MINUTE.plus(PACING_MARGIN));
	}

	synchronized void pace(int maxRequests, Duration window) {
		this.maxRequestsPerWindow = maxRequests;
		this.windowNanos = window.toNanos();
		this.turns = null;
		this.turnsHead = 0;
		this.turnsCount = 0;
	}

	/**
	 * Share the limits with the other replicas that share the session: a request then
	 * needs a turn of the shared limits as well as of this limiter's. While the shared
	 * limits cannot be reached, this limiter's own limits alone hold, if the shared limits
	 * allow.
	 * @param sharedLimits the shared limits
	 * @param lease how long a permit holds at most, should this replica never give it
	 * back; longer than a response may take
	 */
	public synchronized void setSharedLimits(SharedErpNetLimits sharedLimits, Duration lease) {
		Assert.notNull(sharedLimits, "sharedLimits cannot be null");
		Assert.isTrue(lease != null && !lease.isNegative() && !lease.isZero(), "lease must be positive");
		this.sharedLimits = sharedLimits;
		this.lease = lease;
	}

	/**
	 * How many requests may start in any minute; {@code 0} if they are not paced.
	 * @return the number of requests
	 */
	public synchronized int getMaxRequestsPerMinute() {
		return this.maxRequestsPerWindow;
	}

	/**
	 * How many requests may be under way at once.
	 * @return the concurrency limit
	 */
	public int getMaxConcurrentRequests() {
		return this.maxConcurrentRequests;
	}

	/**
	 * How many requests may wait for their turn before one is refused.
	 * @return the queue's capacity
	 */
	public int getMaxQueuedRequests() {
		return this.maxQueuedRequests;
	}

	/**
	 * Set the listener that hears of waits and rejections. Defaults to
	 * {@link ErpNetClientListener#NONE}.
	 * @param listener the listener
	 */
	public void setListener(ErpNetClientListener listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listener = listener;
	}

	/**
	 * Ask for a permit to send a request. The future completes when the request may go,
	 * or fails at once with {@link ErpNetConcurrencyLimitException}. Cancelling the future
	 * gives up the place in the queue.
	 * @return the future permit, to {@link Permit#release() release} when the response
	 * has been read
	 */
	CompletableFuture<Permit> acquire() {
		long start = System.nanoTime();
		CompletableFuture<Permit> permit;
		boolean shared;
		synchronized (this) {
			shared = this.sharedLimits != null;
			boolean free = this.waiting.isEmpty() && this.active < this.maxConcurrentRequests;
			if (free && !shared && takeTurn(start)) {
				this.active++;
				this.listener.turnGranted(Duration.ZERO);
				return CompletableFuture.completedFuture(new Permit(null));
			}
			// One that may go asks the shared limits from the queue, even a queue of none
			if (queuedNow() >= this.maxQueuedRequests && !(free && shared)) {
				this.listener.queueRejected();
				return CompletableFuture.failedFuture(
						new ErpNetConcurrencyLimitException(this.maxConcurrentRequests, this.maxQueuedRequests));
			}
			permit = new CompletableFuture<>();
			this.waiting.add(permit);
			if (!shared && this.active < this.maxConcurrentRequests) {
				wakeUpForNextTurn(start);
			}
		}
		permit.whenComplete((granted, ex) -> {
			if (permit.isCancelled()) {
				synchronized (this) {
					this.waiting.remove(permit);
				}
			}
			else if (granted != null) {
				this.listener.turnGranted(Duration.ofNanos(System.nanoTime() - start));
			}
		});
		if (shared) {
			grantWaiting();
		}
		return permit;
	}

	// Whether a request may start now under the pacing; if so, it is counted
	private boolean takeTurn(long now) {
		if (this.maxRequestsPerWindow == 0) {
			return true;
		}
		long[] turns = this.turns;
		if (this.turnsCount == this.maxRequestsPerWindow) {
			if (now - turns[this.turnsHead] < this.windowNanos) {
				return false;
			}
			this.turnsHead = (this.turnsHead + 1) % turns.length;
			this.turnsCount--;
		}
		else if (turns == null || this.turnsCount == turns.length) {
			turns = grow(turns);
		}
		turns[(this.turnsHead + this.turnsCount) % turns.length] = now;
		this.turnsCount++;
		return true;
	}

	// Small at first: an instance of a tenant that sends a few requests keeps a few
	private long[] grow(long @Nullable [] turns) {
		int capacity = (turns != null) ? Math.min(turns.length * 2, this.maxRequestsPerWindow)
				: Math.min(16, this.maxRequestsPerWindow);
		long[] grown = new long[capacity];
		for (int i = 0; i < this.turnsCount; i++) {
			grown[i] = turns[(this.turnsHead + i) % turns.length];
		}
		this.turns = grown;
		this.turnsHead = 0;
		return grown;
	}

	// A turn that was counted and not used
	private void giveBackTurn() {
		if (this.turnsCount > 0) {
			this.turnsCount--;
		}
	}

	private void wakeUpForNextTurn(long now) {
		long[] turns = this.turns;
		if (this.wakeUpScheduled || turns == null || this.turnsCount == 0) {
			return;
		}
		this.wakeUpScheduled = true;
		grantWaitingIn(Math.max(0, turns[this.turnsHead] + this.windowNanos - now),
				() -> this.wakeUpScheduled = false);
	}

	/**
	 * How many requests are waiting for their turn.
	 * @return the number of waiting requests
	 */
	public synchronized int queued() {
		return queuedNow();
	}

	// The one asking the shared limits for its turn is no longer waiting for this limiter's
	private int queuedNow() {
		return this.waiting.size() - (this.asking ? 1 : 0);
	}

	/**
	 * How many requests are under way.
	 * @return the number of requests under way
	 */
	public synchronized int active() {
		return this.active;
	}

	private void release() {
		synchronized (this) {
			this.active--;
		}
		grantWaiting();
	}

	// Gives turns to the first waiters, as far as the limits allow
	private void grantWaiting() {
		while (true) {
			CompletableFuture<Permit> next = null;
			SharedErpNetLimits shared;
			String permit = null;
			int maxRequests;
			long window;
			synchronized (this) {
				if (this.asking || this.waiting.isEmpty() || this.active >= this.maxConcurrentRequests) {
					return;
				}
				long now = System.nanoTime();
				if (!takeTurn(now)) {
					wakeUpForNextTurn(now);
					return;
				}
				this.active++;
				shared = this.sharedLimits;
				maxRequests = this.maxRequestsPerWindow;
				window = this.windowNanos;
				if (shared != null) {
					this.asking = true;
					permit = this.permitPrefix + (++this.permitCount);
				}
				else {
					next = this.waiting.poll();
				}
			}
			if (shared != null) {
				askShared(shared, permit, maxRequests, Duration.ofNanos(window));
				return;
			}
			// Completed outside the lock: the waiter goes on in this thread
			if (!next.complete(new Permit(null))) {
				// Cancelled meanwhile: its turn goes to the next one
				synchronized (this) {
					this.active--;
					giveBackTurn();
				}
			}
		}
	}

	// The first waiter has this limiter's turn; it now needs one of the shared limits
	private void askShared(SharedErpNetLimits shared, String permit, int maxRequests, Duration window) {
		Mono<Duration> answer;
		try {
			answer = shared.tryAcquire(permit, this.maxConcurrentRequests, maxRequests, window, this.lease);
		}
		catch (RuntimeException ex) {
			answer = Mono.error(ex);
		}
		answer.toFuture().whenComplete((wait, ex) -> {
			if (ex != null) {
				failFirst(ex);
			}
			else if (wait == null || wait.isZero()) {
				grantFirst(new Permit((wait != null) ? permit : null));
			}
			else {
				askAgainIn(wait);
			}
		});
	}

	private void grantFirst(Permit permit) {
		CompletableFuture<Permit> first;
		synchronized (this) {
			this.asking = false;
			first = this.waiting.poll();
		}
		if (first == null || !first.complete(permit)) {
			// Gone meanwhile: the turn is spent, the permit goes to the next one
			permit.release();
			return;
		}
		grantWaiting();
	}

	private void failFirst(Throwable ex) {
		CompletableFuture<Permit> first;
		synchronized (this) {
			giveBackSharedTurn();
			first = this.waiting.poll();
		}
		if (first != null) {
			first.completeExceptionally(ex);
		}
		grantWaiting();
	}

	private void askAgainIn(Duration wait) {
		synchronized (this) {
			giveBackSharedTurn();
			if (this.retryScheduled) {
				return;
			}
			this.retryScheduled = true;
		}
		grantWaitingIn(wait.toNanos(), () -> this.retryScheduled = false);
	}

	// No turn was taken meanwhile: the first waiter was asking
	private void giveBackSharedTurn() {
		this.asking = false;
		this.active--;
		giveBackTurn();
	}

	// One timer at a time, on the JDK's shared delayer: no thread of the limiter's own
	private void grantWaitingIn(long nanos, Runnable unschedule) {
		CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(() -> {
			synchronized (this) {
				unschedule.run();
			}
			grantWaiting();
		});
	}

	/**
	 * The right to have one request under way.
	 */
	final class Permit {

		private final AtomicBoolean released = new AtomicBoolean();

		// Its name in the shared limits, if it holds one of theirs
		private final @Nullable String shared;

		private Permit(@Nullable String shared) {
			this.shared = shared;
		}

		/**
		 * Let the next request go. Releasing more than once has no further effect.
		 */
		void release() {
			if (this.released.compareAndSet(false, true)) {
				SharedErpNetLimits sharedLimits = ErpNetConcurrencyLimiter.this.sharedLimits;
				if (this.shared != null && sharedLimits != null) {
					sharedLimits.release(this.shared);
				}
				ErpNetConcurrencyLimiter.this.release();
			}
		}

	}

}
