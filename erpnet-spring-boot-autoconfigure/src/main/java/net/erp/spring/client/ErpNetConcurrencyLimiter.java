package net.erp.spring.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.util.Assert;

/**
 * Limits the Domain API requests under way to one instance, for the {@code WebClient} and
 * the {@code RestClient} together: ERP.net serves one request per session at a time by
 * default and answers 429 when its short queue is full.
 * <p>
 * A request beyond the limit waits, without blocking a thread, in a bounded queue served
 * first come, first served; when the queue is full it fails at once with an
 * {@link ErpNetConcurrencyLimitException}.
 */
public final class ErpNetConcurrencyLimiter {

	private final int maxConcurrentRequests;

	private final int maxQueuedRequests;

	private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();

	private ErpNetClientListener listener = ErpNetClientListener.NONE;

	private int active;

	/**
	 * Create a new instance.
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
		synchronized (this) {
			if (this.active < this.maxConcurrentRequests) {
				this.active++;
				this.listener.turnGranted(Duration.ZERO);
				return CompletableFuture.completedFuture(new Permit());
			}
			if (this.waiting.size() >= this.maxQueuedRequests) {
				this.listener.queueRejected();
				return CompletableFuture.failedFuture(
						new ErpNetConcurrencyLimitException(this.maxConcurrentRequests, this.maxQueuedRequests));
			}
			permit = new CompletableFuture<>();
			this.waiting.add(permit);
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
		return permit;
	}

	/**
	 * How many requests are waiting for their turn.
	 * @return the number of waiting requests
	 */
	public synchronized int queued() {
		return this.waiting.size();
	}

	/**
	 * How many requests are under way.
	 * @return the number of requests under way
	 */
	public synchronized int active() {
		return this.active;
	}

	private void release() {
		while (true) {
			CompletableFuture<Permit> next;
			synchronized (this) {
				next = this.waiting.poll();
				if (next == null) {
					this.active--;
					return;
				}
			}
			// Completed outside the lock: the waiter goes on in this thread
			if (next.complete(new Permit())) {
				return;
			}
		}
	}

	/**
	 * The right to have one request under way.
	 */
	final class Permit {

		private final AtomicBoolean released = new AtomicBoolean();

		private Permit() {
		}

		/**
		 * Let the next request go. Releasing more than once has no further effect.
		 */
		void release() {
			if (this.released.compareAndSet(false, true)) {
				ErpNetConcurrencyLimiter.this.release();
			}
		}

	}

}
