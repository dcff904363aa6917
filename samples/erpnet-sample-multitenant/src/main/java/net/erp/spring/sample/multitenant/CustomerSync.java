package net.erp.spring.sample.multitenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import net.erp.spring.client.ErpNetAuthenticationException;
import net.erp.spring.client.domain.Query;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Copies every tenant's customers from its ERP.net instance into the database, on a
 * schedule. Each tenant's instance has its own token and limits, so a tenant whose
 * secret was revoked fails alone.
 */
@Component
class CustomerSync {

	private static final Log logger = LogFactory.getLog(CustomerSync.class);

	private final Tenants tenants;

	private final TenantInstances instances;

	CustomerSync(Tenants tenants, TenantInstances instances) {
		this.tenants = tenants;
		this.instances = instances;
	}

	@Scheduled(fixedDelayString = "${sync.interval}", initialDelayString = "${sync.initial-delay:0}")
	void syncAll() {
		for (Tenant tenant : this.tenants.findAll()) {
			try {
				logger.info("Synced " + sync(tenant.id()) + " customers of tenant '" + tenant.id() + "'");
			}
			catch (ErpNetAuthenticationException ex) {
				logger.warn("Could not sync tenant '" + tenant.id() + "': " + ex.getMessage());
			}
			catch (RestClientException | IllegalArgumentException | IllegalStateException ex) {
				logger.warn("Could not sync tenant '" + tenant.id() + "': " + ex);
			}
		}
	}

	private int sync(String tenantId) {
		int[] count = { 0 };
		this.instances.domainApi(tenantId)
			.findAll(Query.from("Crm_Sales_Customers").select("Number", "DisplayText"), Customer.class)
			.forEach((customer) -> {
				this.tenants.saveCustomer(tenantId, customer.number(), customer.name());
				count[0]++;
			});
		return count[0];
	}

	record Customer(@JsonProperty("Number") String number, @JsonProperty("DisplayText") String name) {

	}

}
