/**
 * Framework code of the ERP.net client, free of Spring Boot: token access with single
 * flight, the filters that put the bearer token on Domain API calls, token errors and
 * secret hashing.
 */
@NullMarked
package net.erp.spring.client;

import org.jspecify.annotations.NullMarked;
