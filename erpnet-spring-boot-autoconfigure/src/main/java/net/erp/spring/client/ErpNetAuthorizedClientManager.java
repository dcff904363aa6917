package net.erp.spring.client;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.util.Assert;

/**
 * The blocking view of a {@link ReactiveOAuth2AuthorizedClientManager}, so that blocking
 * and reactive callers share one token and one in-flight token request: those of the
 * reactive manager's {@link ErpNetTokenService}.
 * <p>
 * It must not be called on an event-loop thread: use the reactive manager there.
 */
public final class ErpNetAuthorizedClientManager implements OAuth2AuthorizedClientManager {

	private final ReactiveOAuth2AuthorizedClientManager delegate;

	/**
	 * Create a new instance.
	 * @param delegate the reactive manager whose tokens to share
	 */
	public ErpNetAuthorizedClientManager(ReactiveOAuth2AuthorizedClientManager delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest authorizeRequest) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		// A valid cached token needs no Mono to block on
		OAuth2AuthorizedClient reusable = ErpNetReactiveAuthorizedClientManager.reusableClient(this.delegate,
				authorizeRequest);
		return (reusable != null) ? reusable : this.delegate.authorize(authorizeRequest).block();
	}

	@Override
	public String toString() {
		return "ErpNetAuthorizedClientManager[" + this.delegate + "]";
	}

}
