/**
 * Auto-configuration of the ERP.net client: properties, beans and failure analysis.
 */
@NullMarked
package net.erp.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
