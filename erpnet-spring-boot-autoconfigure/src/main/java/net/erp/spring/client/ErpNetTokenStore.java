package net.erp.spring.client;

import javax.crypto.SecretKey;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Where {@link ErpNetTokenService} keeps the current access token of each trusted
 * application. {@link InMemoryErpNetTokenStore} is the default; a store shared by several
 * replicas lets them use one token, and so one ERP.net session, between them.
 * <p>
 * A key names one trusted application at one identity provider: the token URI, the
 * client id, the scopes and a fingerprint of the secret (see
 * {@link ErpNetTokenService#storeKey}). It never contains the client secret.
 * Implementations must be thread-safe, and {@link #get(String)} must not block: it is
 * asked on every request.
 */
public interface ErpNetTokenStore {

	/**
	 * Return the token stored under the key if this store can tell without waiting (for a
	 * shared store: its local copy), else {@code null}.
	 * @param key the key
	 * @return the token or {@code null}
	 */
	@Nullable OAuth2AccessToken get(String key);

	/**
	 * Look the token up where it is kept. Asked once before every token request, so that
	 * a token another replica has stored in the meantime is used instead of asking for
	 * one more. The default answers what {@link #get(String)} does.
	 * @param key the key
	 * @return the token, or empty
	 */
	default Mono<OAuth2AccessToken> load(String key) {
		return Mono.fromSupplier(() -> get(key));
	}

	/**
	 * Store a newly obtained token, in place of any other under the key.
	 * @param key the key
	 * @param token the token
	 * @return completes when the token is stored
	 */
	Mono<Void> save(String key, OAuth2AccessToken token);

	/**
	 * Remove the token stored under the key, but only if it is still the given one: a
	 * token the server rejected must not take a newer one with it.
	 * @param key the key
	 * @param token the token to remove
	 * @return whether it was removed
	 */
	Mono<Boolean> removeIfCurrent(String key, OAuth2AccessToken token);

	/**
	 * Let go of the token under the key: this application's instance is removed. A store
	 * of this JVM alone drops the token; a store shared by replicas drops only its local
	 * copy, as the others still use the token. The default removes the current token.
	 * @param key the key
	 * @return completes when the token is let go
	 */
	default Mono<Void> release(String key) {
		OAuth2AccessToken token = get(key);
		return (token != null) ? removeIfCurrent(key, token).then() : Mono.empty();
	}

	/**
	 * Hear of the key that encrypts the tokens stored under a key: derived from the
	 * trusted application's secret, so only who knows the secret has it. A store that
	 * keeps tokens outside the JVM encrypts them with it, so that reading the store gives
	 * no usable token. Called before any other method with that key; the default ignores
	 * it.
	 * @param key the key
	 * @param encryptionKey a 256-bit AES key
	 */
	default void useEncryptionKey(String key, SecretKey encryptionKey) {
	}

	/**
	 * Obtain a token for the key through the given token request, which also saves it.
	 * A store shared by replicas lets one replica at a time request it, and the others
	 * wait for the token it saves. The default subscribes to the request.
	 * @param key the key
	 * @param request the token request
	 * @return the token
	 */
	default Mono<OAuth2AccessToken> obtain(String key, Mono<OAuth2AccessToken> request) {
		return request;
	}

}
