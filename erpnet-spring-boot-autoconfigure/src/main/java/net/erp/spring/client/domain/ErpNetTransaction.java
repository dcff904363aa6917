package net.erp.spring.client.domain;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A server-side transaction of {@link ErpNetDomainApi#inTransaction}: its writes
 * carry the {@code TransactionId} header and take effect when it commits.
 */
public final class ErpNetTransaction {

	private final ErpNetDomainApi domainApi;

	private final String id;

	ErpNetTransaction(ErpNetDomainApi domainApi, String id) {
		this.domainApi = domainApi;
		this.id = id;
	}

	/**
	 * The transaction id the server gave.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Create an entity in this transaction.
	 * @param <T> the type of the result
	 * @param entitySet the entity set
	 * @param entity the attributes of the new entity
	 * @param type the type of the result
	 * @return the created entity
	 */
	public <T> T create(String entitySet, Object entity, Class<T> type) {
		return this.domainApi.create(entitySet, entity, type, this.id);
	}

	/**
	 * Change some attributes of an entity in this transaction.
	 * @param entitySet the entity set
	 * @param id the key
	 * @param changes the attributes to change
	 */
	public void update(String entitySet, UUID id, Object changes) {
		this.domainApi.update(entitySet, id, changes, this.id);
	}

	/**
	 * Delete an entity in this transaction.
	 * @param entitySet the entity set
	 * @param id the key
	 */
	public void delete(String entitySet, UUID id) {
		this.domainApi.delete(entitySet, id, this.id);
	}

	/**
	 * The changes made so far, as the server reports them ({@code GetChanges}); the
	 * transaction must track changes.
	 * @return the changes
	 */
	public JsonNode changes() {
		return this.domainApi.changes(this.id);
	}

	@Override
	public String toString() {
		return "ErpNetTransaction[" + this.id + "]";
	}

}
