package net.erp.spring.boot.autoconfigure;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import net.erp.spring.client.ErpNetClients;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;

/**
 * The {@code erpnet} health: a child per instance there is when it is asked, named as
 * the instance, {@code default} for the default one. Instances registered or removed at
 * run time come and go with it.
 */
final class ErpNetHealthContributor implements CompositeReactiveHealthContributor {

	private final ErpNetClients clients;

	ErpNetHealthContributor(ErpNetClients clients) {
		this.clients = clients;
	}

	@Override
	public @Nullable ReactiveHealthContributor getContributor(String name) {
		String instanceName = ErpNetInstance.DEFAULT_NAME.equals(name) ? ErpNetClients.DEFAULT : name;
		return this.clients.names().contains(instanceName) ? indicator(instanceName) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.clients.names()
			.stream()
			.map((name) -> new Entry(ErpNetInstance.displayName(name), indicator(name)));
	}

	private ReactiveHealthContributor indicator(String name) {
		return new ErpNetHealthIndicator(name, () -> this.clients.get(name));
	}

}
