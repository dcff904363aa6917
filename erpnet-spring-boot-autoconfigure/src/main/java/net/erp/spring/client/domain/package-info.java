/**
 * A client for an ERP.net instance's Domain API (OData v4) on top of the token-managed
 * clients: queries with the filter subset ERP.net supports, paging, writes, front-end
 * transactions and error mapping.
 */
@NullMarked
package net.erp.spring.client.domain;

import org.jspecify.annotations.NullMarked;
