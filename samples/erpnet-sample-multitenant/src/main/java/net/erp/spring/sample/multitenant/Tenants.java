package net.erp.spring.sample.multitenant;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tenants and their synced customers, in the database.
 */
@Repository
class Tenants {

	private final JdbcClient jdbc;

	Tenants(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Tenant> findAll() {
		return this.jdbc.sql("SELECT id, instance_url, client_id, client_secret FROM tenant ORDER BY id")
			.query(Tenant.class)
			.list();
	}

	Optional<Tenant> findById(String id) {
		return this.jdbc.sql("SELECT id, instance_url, client_id, client_secret FROM tenant WHERE id = ?")
			.param(id)
			.query(Tenant.class)
			.optional();
	}

	void add(Tenant tenant) {
		this.jdbc.sql("INSERT INTO tenant (id, instance_url, client_id, client_secret) VALUES (?, ?, ?, ?)")
			.params(tenant.id(), tenant.instanceUrl(), tenant.clientId(), tenant.clientSecret())
			.update();
	}

	boolean delete(String id) {
		this.jdbc.sql("DELETE FROM customer WHERE tenant_id = ?").param(id).update();
		return this.jdbc.sql("DELETE FROM tenant WHERE id = ?").param(id).update() == 1;
	}

	void saveCustomer(String tenantId, String number, String name) {
		this.jdbc.sql("MERGE INTO customer (tenant_id, number, name) KEY (tenant_id, number) VALUES (?, ?, ?)")
			.params(tenantId, number, name)
			.update();
	}

	int countCustomers(String tenantId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM customer WHERE tenant_id = ?")
			.param(tenantId)
			.query(Integer.class)
			.single();
	}

}
