/**
 * The ERP.net instance emulator in a Testcontainers container, with
 * {@code @ServiceConnection} support.
 */
@NullMarked
package net.erp.spring.test.testcontainers;

import org.jspecify.annotations.NullMarked;
