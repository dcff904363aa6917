package net.erp.spring.boot.autoconfigure;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.SharedErpNetTokenStore;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code erpnet} health: a child per instance there is when it is asked, named as
 * the instance, {@code default} for the default one, and in cluster mode
 * {@code cluster}, for Redis. Instances registered or removed at run time come and go
 * with it.
 */
final class ErpNetHealthContributor implements CompositeReactiveHealthContributor {

	/**
	 * The name of the child that reports the Redis of cluster mode.
	 */
	static final String CLUSTER = "cluster";

	private static final Status DEGRADED = new Status("DEGRADED",
			"Redis does not answer: each replica goes on with its own token");

	private final ErpNetClients clients;

	private final @Nullable SharedErpNetTokenStore clusterStore;

	ErpNetHealthContributor(ErpNetClients clients, @Nullable ErpNetTokenStore tokenStore) {
		this.clients = clients;
		this.clusterStore = (tokenStore instanceof SharedErpNetTokenStore shared) ? shared : null;
	}

	@Override
	public @Nullable ReactiveHealthContributor getContributor(String name) {
		if (CLUSTER.equals(name)) {
			return (this.clusterStore != null) ? clusterIndicator(this.clusterStore) : null;
		}
		String instanceName = ErpNetInstance.DEFAULT_NAME.equals(name) ? ErpNetClients.DEFAULT : name;
		return this.clients.names().contains(instanceName) ? indicator(instanceName) : null;
	}

	@Override
	public Stream<Entry> stream() {
		Stream<Entry> instances = this.clients.names()
			.stream()
			.map((name) -> new Entry(ErpNetInstance.displayName(name), indicator(name)));
		return (this.clusterStore != null)
				? Stream.concat(instances, Stream.of(new Entry(CLUSTER, clusterIndicator(this.clusterStore))))
				: instances;
	}

	// Degraded while Redis does not answer and calls go on with each replica's own token;
	// down when they fail instead
	private static ReactiveHealthIndicator clusterIndicator(SharedErpNetTokenStore store) {
		return () -> store.check()
			.map((reason) -> Health.status(store.isFailWhenUnavailable() ? Status.DOWN : DEGRADED)
				.withDetail("reason", reason)
				.withDetail("fallbacks", store.getFallbackCount()))
			.defaultIfEmpty(Health.up().withDetail("fallbacks", store.getFallbackCount()))
			.map(Health.Builder::build);
	}

	private ReactiveHealthContributor indicator(String name) {
		return new ErpNetHealthIndicator(name, () -> this.clients.get(name));
	}

}
