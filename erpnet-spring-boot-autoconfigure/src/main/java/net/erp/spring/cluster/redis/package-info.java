/**
 * The token store and the session limits that replicas share through Redis, on Spring
 * Data Redis, an optional dependency.
 */
@NullMarked
package net.erp.spring.cluster.redis;

import org.jspecify.annotations.NullMarked;
