package net.erp.spring.client;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * The concurrency limit and the request window of one ERP.net session, shared by the
 * replicas that share its token, such as through Redis. An
 * {@link ErpNetConcurrencyLimiter} asks for a turn here once its own limits allow one; its
 * queue stays its own.
 *
 * @see SharedErpNetTokenStore#limits(String)
 */
public interface SharedErpNetLimits {

	/**
	 * Try to start a request: take one of {@code maxConcurrentRequests} permits, leased for
	 * {@code lease}, and, if {@code maxRequests} is above 0, one of that many turns in the
	 * sliding {@code window}.
	 * @param permit names the permit, unique among all replicas
	 * @param maxConcurrentRequests how many requests may be under way in all
	 * @param maxRequests how many may start in any window, {@code 0} for no limit
	 * @param window the window
	 * @param lease how long the permit holds at most, should its replica never give it
	 * back
	 * @return completes with {@link Duration#ZERO} if taken, with how long to wait before
	 * trying again if not, empty if the shared limits cannot be reached and the replica
	 * goes on with its own, or with an error if it must not go on
	 */
	Mono<Duration> tryAcquire(String permit, int maxConcurrentRequests, int maxRequests, Duration window,
			Duration lease);

	/**
	 * Give a permit back; one that is never given back frees at the end of its lease.
	 * @param permit the permit
	 */
	void release(String permit);

}
