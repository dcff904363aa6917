package net.erp.spring.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * An {@link ErpNetTokenStore} in this JVM's memory: every replica has tokens of its own.
 */
public final class InMemoryErpNetTokenStore implements ErpNetTokenStore {

	private final Map<String, OAuth2AccessToken> tokens = new ConcurrentHashMap<>();

	@Override
	public @Nullable OAuth2AccessToken get(String key) {
		return this.tokens.get(key);
	}

	@Override
	public Mono<Void> save(String key, OAuth2AccessToken token) {
		return Mono.fromRunnable(() -> this.tokens.put(key, token));
	}

	@Override
	public Mono<Boolean> removeIfCurrent(String key, OAuth2AccessToken token) {
		return Mono.fromSupplier(() -> {
			OAuth2AccessToken current = this.tokens.get(key);
			return current != null && current.getTokenValue().equals(token.getTokenValue())
					&& this.tokens.remove(key, current);
		});
	}

	@Override
	public String toString() {
		return "InMemoryErpNetTokenStore[" + this.tokens.size() + " tokens]";
	}

}
