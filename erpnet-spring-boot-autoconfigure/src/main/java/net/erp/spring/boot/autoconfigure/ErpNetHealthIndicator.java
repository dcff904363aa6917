package net.erp.spring.boot.autoconfigure;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import net.erp.spring.client.ErpNetAuthenticationException;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;

/**
 * Reports whether a token for one ERP.net instance can be obtained. It asks the
 * instance's authorized client manager, so a valid cached token answers without a token
 * request, and a recent rejection without one either. The details name the instance, the
 * client id and when the token expires, or the OAuth2 error and a hint; never a secret or
 * a token. The instance is looked up on each check, so that the indicator does not build
 * its clients, and their HTTP client, at start-up, and sees a replaced instance.
 */
final class ErpNetHealthIndicator implements ReactiveHealthIndicator {

	private final Supplier<ErpNetClients.Instance> instance;

	private final OAuth2AuthorizeRequest authorizeRequest;

	ErpNetHealthIndicator(String name, Supplier<ErpNetClients.Instance> instance) {
		this.instance = instance;
		this.authorizeRequest = ErpNetReactiveAuthorizedClientManager
			.authorizeRequest(ErpNetInstance.registrationId(name));
	}

	@Override
	public Mono<Health> health() {
		return Mono.defer(() -> health(this.instance.get()))
			.onErrorResume((ex) -> Mono.just(Health.down().withDetail("error", ex.getClass().getName()).build()));
	}

	private Mono<Health> health(ErpNetClients.Instance instance) {
		return instance.reactiveAuthorizedClientManager()
			.authorize(this.authorizeRequest)
			.map((client) -> details(Health.up(), instance).withDetail("tokenExpiresAt",
					String.valueOf(client.getAccessToken().getExpiresAt())))
			.switchIfEmpty(Mono.fromSupplier(() -> details(Health.unknown(), instance)))
			.onErrorResume(ErpNetAuthenticationException.class, (ex) -> {
				Health.Builder health = details(Health.down(), instance).withDetail("error", ex.getErrorCode());
				if (ex.getDescription() != null) {
					health.withDetail("description", ex.getDescription());
				}
				return Mono.just(health.withDetail("hint", ex.getHint()));
			})
			.onErrorResume((ex) -> Mono.just(details(Health.down(), instance).withDetail("error",
					ex.getClass().getName())))
			.map(Health.Builder::build);
	}

	private static Health.Builder details(Health.Builder health, ErpNetClients.Instance instance) {
		return health.withDetail("instanceUrl", instance.instanceUrl().toString())
			.withDetail("clientId", instance.clientId());
	}

}
