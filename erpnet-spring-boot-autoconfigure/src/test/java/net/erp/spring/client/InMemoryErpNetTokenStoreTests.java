package net.erp.spring.client;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryErpNetTokenStore}.
 */
class InMemoryErpNetTokenStoreTests {

	private final InMemoryErpNetTokenStore store = new InMemoryErpNetTokenStore();

	@Test
	void savedTokensAreKeptByKey() {
		OAuth2AccessToken a = token("a");
		this.store.save("app-a", a).block();
		assertThat(this.store.get("app-a")).isSameAs(a);
		assertThat(this.store.load("app-a").block()).isSameAs(a);
		assertThat(this.store.get("app-b")).isNull();
		assertThat(this.store.load("app-b").blockOptional()).isEmpty();
	}

	@Test
	void aTokenIsRemovedOnlyWhileItIsCurrent() {
		OAuth2AccessToken old = token("old");
		OAuth2AccessToken current = token("current");
		this.store.save("app", old).block();
		this.store.save("app", current).block();
		assertThat(this.store.removeIfCurrent("app", old).block()).isFalse();
		assertThat(this.store.get("app")).isSameAs(current);
		assertThat(this.store.removeIfCurrent("app", token("current")).block()).isTrue();
		assertThat(this.store.get("app")).isNull();
		assertThat(this.store.removeIfCurrent("app", current).block()).isFalse();
	}

	@Test
	void toStringShowsNoToken() {
		this.store.save("app", token("secret-token")).block();
		assertThat(this.store).hasToString("InMemoryErpNetTokenStore[1 tokens]");
	}

	private static OAuth2AccessToken token(String value) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, Instant.now(),
				Instant.now().plusSeconds(3600));
	}

}
