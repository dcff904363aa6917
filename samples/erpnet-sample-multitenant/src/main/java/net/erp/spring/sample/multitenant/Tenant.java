package net.erp.spring.sample.multitenant;

/**
 * A customer of the partner, with the trusted application its ERP.net instance has for
 * the partner's service.
 *
 * @param id the tenant's id, also its instance's name in {@code ErpNetClients}
 * @param instanceUrl the URL of its ERP.net instance
 * @param clientId the ApplicationUri of its trusted application
 * @param clientSecret the secret of that application
 */
record Tenant(String id, String instanceUrl, String clientId, String clientSecret) {

	@Override
	public String toString() {
		return "Tenant[id=" + this.id + ", instanceUrl=" + this.instanceUrl + ", clientId=" + this.clientId
				+ ", clientSecret=******]";
	}

}
