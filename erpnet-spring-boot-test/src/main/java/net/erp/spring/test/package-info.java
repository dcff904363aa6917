/**
 * An emulator of one ERP.net instance (Instance ID's token endpoint and the Domain API)
 * for tests and demos, with Spring test support.
 */
@NullMarked
package net.erp.spring.test;

import org.jspecify.annotations.NullMarked;
