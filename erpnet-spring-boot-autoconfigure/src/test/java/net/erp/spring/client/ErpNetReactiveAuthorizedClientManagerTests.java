package net.erp.spring.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ErpNetReactiveAuthorizedClientManager}, the Spring Security view of the
 * token service.
 */
class ErpNetReactiveAuthorizedClientManagerTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("erpnet")
		.clientId("my-service-app-id")
		.clientSecret("the-secret")
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.tokenUri("https://demodb.my.erp.net/id/connect/token")
		.build();

	private final AtomicInteger requests = new AtomicInteger();

	private final ErpNetTokenService tokenService = new ErpNetTokenService(REGISTRATION,
			(grant) -> Mono.fromSupplier(this::response), new InMemoryErpNetTokenStore(),
			new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));

	private final ErpNetReactiveAuthorizedClientManager manager = new ErpNetReactiveAuthorizedClientManager(
			REGISTRATION, this.tokenService);

	@Test
	void everyPrincipalGetsTheOneTokenOfTheApplication() {
		OAuth2AuthorizedClient own = this.manager
			.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"))
			.block(WAIT);
		OAuth2AuthorizedClient other = this.manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("erpnet").principal("someone-else").build())
			.block(WAIT);
		assertThat(own.getPrincipalName()).isEqualTo("erpnet");
		assertThat(own.getClientRegistration()).isSameAs(REGISTRATION);
		assertThat(other.getPrincipalName()).isEqualTo("someone-else");
		assertThat(other.getAccessToken()).isSameAs(own.getAccessToken());
		assertThat(this.requests).hasValue(1);
	}

	@Test
	void theCommonCaseAllocatesNoNewAuthorizedClient() {
		OAuth2AuthorizeRequest request = ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet");
		OAuth2AuthorizedClient first = this.manager.authorize(request).block(WAIT);
		assertThat(this.manager.authorize(request).block(WAIT)).isSameAs(first);
		assertThat(ErpNetReactiveAuthorizedClientManager.reusableClient(this.manager, request)).isSameAs(first);
	}

	@Test
	void aRequestReportingARejectedTokenGetsAnother() {
		OAuth2AuthorizeRequest request = ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet");
		OAuth2AccessToken rejected = this.manager.authorize(request).block(WAIT).getAccessToken();
		OAuth2AuthorizeRequest replacing = OAuth2AuthorizeRequest.withClientRegistrationId("erpnet")
			.principal("erpnet")
			.attribute(ErpNetReactiveAuthorizedClientManager.REJECTED_ACCESS_TOKEN_ATTRIBUTE, rejected)
			.build();
		assertThat(ErpNetReactiveAuthorizedClientManager.reusableClient(this.manager, replacing)).isNull();
		assertThat(this.manager.authorize(replacing).block(WAIT).getAccessToken().getTokenValue())
			.isEqualTo("token-2");
	}

	@Test
	void anotherRegistrationIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.manager.authorize(ErpNetReactiveAuthorizedClientManager.authorizeRequest("other")))
			.withMessage("Could not find ClientRegistration with id 'other': this manager serves 'erpnet' only");
		assertThat(ErpNetReactiveAuthorizedClientManager.reusableClient(this.manager,
				ErpNetReactiveAuthorizedClientManager.authorizeRequest("other")))
			.isNull();
	}

	private OAuth2AccessTokenResponse response() {
		return OAuth2AccessTokenResponse.withToken("token-" + this.requests.incrementAndGet())
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.expiresIn(3600)
			.build();
	}

}
