package net.erp.spring.boot.autoconfigure;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import net.erp.spring.client.ErpNetAuthenticationException;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;

/**
 * Reports whether a token for the ERP.net instance can be obtained. It asks the
 * authorized client manager, so a valid cached token answers without a token request,
 * and a recent rejection without one either. The details name the instance, the client
 * id and when the token expires, or the OAuth2 error and a hint; never a secret or a
 * token. The manager is looked up on the first check, so that the indicator does not
 * build it, and its HTTP client, at start-up.
 */
final class ErpNetHealthIndicator implements ReactiveHealthIndicator {

	private final Supplier<ReactiveOAuth2AuthorizedClientManager> authorizedClientManager;

	private final ErpNetInstance instance;

	private final OAuth2AuthorizeRequest authorizeRequest;

	ErpNetHealthIndicator(Supplier<ReactiveOAuth2AuthorizedClientManager> authorizedClientManager,
			ErpNetInstance instance) {
		this.authorizedClientManager = authorizedClientManager;
		this.instance = instance;
		this.authorizeRequest = ErpNetReactiveAuthorizedClientManager.authorizeRequest(ErpNetInstance.REGISTRATION_ID);
	}

	@Override
	public Mono<Health> health() {
		return Mono.defer(() -> this.authorizedClientManager.get().authorize(this.authorizeRequest))
			.map((client) -> details(Health.up()).withDetail("tokenExpiresAt",
					String.valueOf(client.getAccessToken().getExpiresAt())))
			.switchIfEmpty(Mono.fromSupplier(() -> details(Health.unknown())))
			.onErrorResume(ErpNetAuthenticationException.class, (ex) -> {
				Health.Builder health = details(Health.down()).withDetail("error", ex.getErrorCode());
				if (ex.getDescription() != null) {
					health.withDetail("description", ex.getDescription());
				}
				return Mono.just(health.withDetail("hint", ex.getHint()));
			})
			.onErrorResume((ex) -> Mono.just(details(Health.down()).withDetail("error", ex.getClass().getName())))
			.map(Health.Builder::build);
	}

	private Health.Builder details(Health.Builder health) {
		return health.withDetail("instanceUrl", this.instance.url().toString())
			.withDetail("clientId", this.instance.clientRegistration().getClientId());
	}

}
