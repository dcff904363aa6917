package net.erp.spring.client;

/**
 * Thrown when a Domain API request can neither start nor wait: as many requests as
 * allowed are under way and the queue of waiting ones is full.
 */
public class ErpNetConcurrencyLimitException extends RuntimeException implements ErpNetException {

	/**
	 * Create a new instance.
	 * @param maxConcurrentRequests the limit of requests under way
	 * @param maxQueuedRequests the limit of waiting requests
	 */
	public ErpNetConcurrencyLimitException(int maxConcurrentRequests, int maxQueuedRequests) {
		super("Too many ERP.net Domain API requests: " + maxConcurrentRequests + " under way and "
				+ maxQueuedRequests + " waiting already. Send fewer at once, or raise "
				+ "erpnet.domain-api.max-queued-requests (or max-concurrent-requests, if the instance allows it).");
	}

}
