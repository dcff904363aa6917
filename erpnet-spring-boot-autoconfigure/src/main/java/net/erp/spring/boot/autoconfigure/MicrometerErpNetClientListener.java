package net.erp.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import net.erp.spring.client.ErpNetClientListener;

/**
 * Records what the ERP.net client does as Micrometer meters, tagged with the instance's
 * host, its name ({@code erpnet.instance}, {@code default} for the default instance)
 * and, where it applies, an outcome or a reason; no tag holds an id or a URL. Every
 * meter is registered at once, so that dashboards and alerts find it before its first
 * event; token requests that fail add a timer per error code.
 */
final class MicrometerErpNetClientListener implements ErpNetClientListener, AutoCloseable {

	private final MeterRegistry registry;

	private final Tags tags;

	private final Counter tokenCacheHits;

	private final Timer queueWait;

	private final Counter queueRejections;

	private final Map<String, Counter> retries;

	MicrometerErpNetClientListener(MeterRegistry registry, String host, String instanceName) {
		this.registry = registry;
		this.tags = Tags.of("instance", host, ErpNetObservationConventions.INSTANCE,
				ErpNetInstance.displayName(instanceName));
		this.tokenCacheHits = Counter.builder("erpnet.token.cache.hits")
			.description("Authorizations served from the cached ERP.net access token")
			.tags(this.tags)
			.register(registry);
		this.queueWait = Timer.builder("erpnet.api.queue.wait")
			.description("Time Domain API requests waited for their turn under the concurrency limit")
			.tags(this.tags)
			.register(registry);
		this.queueRejections = Counter.builder("erpnet.api.queue.rejections")
			.description("Domain API requests refused because the queue of waiting requests was full")
			.tags(this.tags)
			.register(registry);
		this.retries = RETRY_REASONS.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), this::retries));
		tokenRequests("success");
	}

	@Override
	public void tokenRequested(String outcome, Duration duration) {
		tokenRequests(outcome).record(duration);
	}

	private Timer tokenRequests(String outcome) {
		return Timer.builder("erpnet.token.requests")
			.description("Requests for ERP.net access tokens, by outcome")
			.tags(this.tags.and("outcome", outcome))
			.register(this.registry);
	}

	private Counter retries(String reason) {
		return Counter.builder("erpnet.api.retries")
			.description("Domain API requests sent again, by reason")
			.tags(this.tags.and("reason", reason))
			.register(this.registry);
	}

	/**
	 * Remove this instance's meters from the registry, for an instance that is removed.
	 */
	@Override
	public void close() {
		this.registry.find("erpnet.token.requests").tags(this.tags).meters().forEach(this.registry::remove);
		this.registry.remove(this.tokenCacheHits);
		this.registry.remove(this.queueWait);
		this.registry.remove(this.queueRejections);
		this.registry.find("erpnet.api.retries").tags(this.tags).meters().forEach(this.registry::remove);
	}

	@Override
	public void tokenReused() {
		this.tokenCacheHits.increment();
	}

	@Override
	public void turnGranted(Duration wait) {
		this.queueWait.record(wait);
	}

	@Override
	public void queueRejected() {
		this.queueRejections.increment();
	}

	@Override
	public void retried(String reason) {
		Counter counter = this.retries.get(reason);
		((counter != null) ? counter : retries(reason)).increment();
	}

}
