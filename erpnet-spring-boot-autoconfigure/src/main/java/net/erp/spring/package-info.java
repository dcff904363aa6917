/**
 * The few user-facing types of the ERP.net Spring Boot starter.
 */
@NullMarked
package net.erp.spring;

import org.jspecify.annotations.NullMarked;
