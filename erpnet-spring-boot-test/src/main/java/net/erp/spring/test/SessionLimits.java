package net.erp.spring.test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.mockserver.model.HttpResponse;

/**
 * ERP.net's limits per session, that is per access token: one request at a time, five
 * more waiting, 600 requests a minute and one transaction at a time; beyond any of them
 * HTTP 429. The sessions, the distinct tokens that Domain API requests carried, and the
 * most requests a session had at the server at once are counted whether the limits are
 * enforced or not.
 */
final class SessionLimits {

	static final int MAX_CONCURRENT_REQUESTS = 1;

	static final int MAX_QUEUED_REQUESTS = 5;

	static final int MAX_REQUESTS_PER_MINUTE = 600;

	private static final long MINUTE_NANOS = 60_000_000_000L;

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final AtomicInteger tooManyRequests = new AtomicInteger();

	private final AtomicInteger maxRequestsAtOnce = new AtomicInteger();

	private volatile boolean enforced;

	void enforce(boolean enforced) {
		this.enforced = enforced;
	}

	int sessionCount() {
		return this.sessions.size();
	}

	int tooManyRequestsCount() {
		return this.tooManyRequests.get();
	}

	int maxRequestsAtOnce() {
		return this.maxRequestsAtOnce.get();
	}

	void reset() {
		this.sessions.clear();
		this.tooManyRequests.set(0);
		this.maxRequestsAtOnce.set(0);
	}

	/**
	 * Serve a Domain API request of the session of the given token within its limits.
	 */
	HttpResponse serve(String token, String resource, Supplier<HttpResponse> request) throws InterruptedException {
		Session session = this.sessions.computeIfAbsent(token, (key) -> new Session());
		this.maxRequestsAtOnce.accumulateAndGet(session.atServer.incrementAndGet(), Math::max);
		try {
			return serve(session, resource, request);
		}
		finally {
			session.atServer.decrementAndGet();
		}
	}

	private HttpResponse serve(Session session, String resource, Supplier<HttpResponse> request)
			throws InterruptedException {
		if (!this.enforced) {
			return request.get();
		}
		if (!session.arrive(System.nanoTime())) {
			return tooManyRequests("The session made " + MAX_REQUESTS_PER_MINUTE + " requests in the last minute.");
		}
		if (!session.gate.tryAcquire()) {
			if (session.waiting.incrementAndGet() > MAX_QUEUED_REQUESTS) {
				session.waiting.decrementAndGet();
				return tooManyRequests("The session has " + MAX_QUEUED_REQUESTS + " requests waiting already.");
			}
			try {
				session.gate.acquire();
			}
			finally {
				session.waiting.decrementAndGet();
			}
		}
		try {
			boolean begin = resource.equals("BeginTransaction");
			if (begin && session.transactions.get() > 0) {
				return tooManyRequests("The session has a transaction open already.");
			}
			HttpResponse response = request.get();
			if (response.getStatusCode() != null && response.getStatusCode() < 300) {
				if (begin) {
					session.transactions.incrementAndGet();
				}
				else if (resource.equals("EndTransaction")) {
					session.transactions.decrementAndGet();
				}
			}
			return response;
		}
		finally {
			session.gate.release();
		}
	}

	private HttpResponse tooManyRequests(String message) {
		this.tooManyRequests.incrementAndGet();
		return DomainApi.error(429, "TooManyRequests", message);
	}

	private static final class Session {

		private final Semaphore gate = new Semaphore(MAX_CONCURRENT_REQUESTS, true);

		private final AtomicInteger waiting = new AtomicInteger();

		private final AtomicInteger atServer = new AtomicInteger();

		private final AtomicInteger transactions = new AtomicInteger();

		private final Deque<Long> arrivals = new ArrayDeque<>();

		// Counted when it arrives, as long as fewer than the limit arrived in the last minute
		synchronized boolean arrive(long now) {
			while (!this.arrivals.isEmpty() && now - this.arrivals.peekFirst() >= MINUTE_NANOS) {
				this.arrivals.pollFirst();
			}
			if (this.arrivals.size() >= MAX_REQUESTS_PER_MINUTE) {
				return false;
			}
			this.arrivals.addLast(now);
			return true;
		}

	}

}
