package net.erp.spring.sample.multitenant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConnection;
import net.erp.spring.client.domain.ErpNetDomainApi;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Each tenant's ERP.net instance, registered in {@link ErpNetClients} under the tenant's
 * id: every tenant of the database when the service starts, and each one added while it
 * runs. An instance evicted after being idle is registered again on its next use.
 */
@Component
class TenantInstances implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(TenantInstances.class);

	private final ErpNetClients clients;

	private final Tenants tenants;

	TenantInstances(ErpNetClients clients, Tenants tenants) {
		this.clients = clients;
		this.tenants = tenants;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (Tenant tenant : this.tenants.findAll()) {
			try {
				// The first sync may have registered it already
				this.clients.getOrRegister(tenant.id(), (id) -> connection(tenant));
			}
			catch (IllegalArgumentException ex) {
				// One tenant's bad record must not keep the others from being served
				logger.error("Tenant '" + tenant.id() + "' is not served: " + ex.getMessage());
			}
		}
		logger.info("Serving " + this.clients.names().size() + " tenants");
	}

	/**
	 * Register a new tenant's instance: it throws, naming the field, if the tenant's
	 * connection is not valid.
	 */
	void register(Tenant tenant) {
		this.clients.register(tenant.id(), connection(tenant));
	}

	void remove(String tenantId) {
		this.clients.remove(tenantId);
	}

	ErpNetDomainApi domainApi(String tenantId) {
		return this.clients.getOrRegister(tenantId, (id) -> connection(this.tenants.findById(id)
			.orElseThrow(() -> new IllegalArgumentException("No tenant '" + id + "'")))).domainApi();
	}

	private static ErpNetConnection connection(Tenant tenant) {
		return ErpNetConnection.builder()
			.instanceUrl(tenant.instanceUrl())
			.clientId(tenant.clientId())
			.clientSecret(tenant.clientSecret())
			.build();
	}

}
