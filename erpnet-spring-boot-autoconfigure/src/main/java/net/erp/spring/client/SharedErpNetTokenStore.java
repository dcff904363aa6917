package net.erp.spring.client;

import reactor.core.publisher.Mono;

/**
 * An {@link ErpNetTokenStore} that replicas share, such as
 * {@link net.erp.spring.cluster.redis.RedisErpNetTokenStore}, with the limits of the sessions of its tokens, as the
 * health and the meters see it.
 */
public interface SharedErpNetTokenStore extends ErpNetTokenStore {

	/**
	 * Ask the shared store whether it answers.
	 * @return completes empty if it answers, else with why not (never an error)
	 */
	Mono<String> check();

	/**
	 * Whether calls fail while the shared store cannot be reached, rather than go on with
	 * this replica's own token.
	 * @return whether they fail
	 */
	boolean isFailWhenUnavailable();

	/**
	 * How many times this replica went on without the shared store: a command that
	 * failed or timed out, in place of which it used its own token or made its own token
	 * request.
	 * @return the count
	 */
	long getFallbackCount();

	/**
	 * The limits that the replicas share for the session of the given key's token.
	 * @param key the key of the token
	 * @return the shared limits
	 */
	SharedErpNetLimits limits(String key);

}
