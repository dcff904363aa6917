package net.erp.spring.client;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ErpNetTokenService}: its parts working together, with a token client
 * that answers as told and a clock moved by hand, so that nothing waits.
 */
class ErpNetTokenServiceTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("erpnet")
		.clientId("my-service-app-id")
		.clientSecret("the-secret")
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.scope("update", "read")
		.tokenUri("https://demodb.my.erp.net/id/connect/token")
		.build();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

	private final AtomicInteger requests = new AtomicInteger();

	private final List<String> heard = new ArrayList<>();

	private volatile Function<Integer, Mono<OAuth2AccessTokenResponse>> answer = (n) -> Mono
		.just(response("token-" + n, 3600));

	private final ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenClient = (
			grant) -> Mono.defer(() -> this.answer.apply(this.requests.incrementAndGet()));

	private final InMemoryErpNetTokenStore store = new InMemoryErpNetTokenStore();

	private final ErpNetTokenService service = service(this.store);

	@Test
	void aTokenIsReusedUntilItsRenewalIsDue() {
		OAuth2AccessToken first = this.service.token().block(WAIT);
		assertThat(first.getTokenValue()).isEqualTo("token-1");
		assertThat(this.service.token().block(WAIT)).isSameAs(first);
		assertThat(this.service.reusableToken()).isSameAs(first);
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.service.reusableToken()).isNull();
		assertThat(this.service.token().block(WAIT).getTokenValue()).isEqualTo("token-2");
		assertThat(this.requests).hasValue(2);
		assertThat(this.heard).containsExactly("requested success", "reused", "reused", "requested success");
	}

	@Test
	void tokensAreDatedByTheServicesClock() {
		OAuth2AccessToken token = this.service.token().block(WAIT);
		assertThat(token.getIssuedAt()).isEqualTo(this.clock.instant());
		assertThat(token.getExpiresAt()).isEqualTo(this.clock.instant().plusSeconds(3600));
		assertThat(this.store.get(ErpNetTokenService.storeKey(REGISTRATION))).isSameAs(token);
	}

	@Test
	void concurrentCallersShareOneTokenRequest() {
		Sinks.One<OAuth2AccessTokenResponse> pending = Sinks.one();
		this.answer = (n) -> pending.asMono();
		List<Mono<OAuth2AccessToken>> callers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			callers.add(this.service.token().cache());
			callers.get(i).subscribe();
		}
		pending.tryEmitValue(response("shared", 3600));
		for (Mono<OAuth2AccessToken> caller : callers) {
			assertThat(caller.block(WAIT).getTokenValue()).isEqualTo("shared");
		}
		assertThat(this.requests).hasValue(1);
	}

	@Test
	void oneCallerGivingUpDoesNotCancelTheRequestTheOthersWaitFor() {
		Sinks.One<OAuth2AccessTokenResponse> pending = Sinks.one();
		this.answer = (n) -> pending.asMono();
		Disposable impatient = this.service.token().subscribe();
		Mono<OAuth2AccessToken> patient = this.service.token().cache();
		patient.subscribe();
		impatient.dispose();
		pending.tryEmitValue(response("shared", 3600));
		assertThat(patient.block(WAIT).getTokenValue()).isEqualTo("shared");
		assertThat(this.requests).hasValue(1);
	}

	@Test
	void aRejectedTokenIsReplaced() {
		OAuth2AccessToken first = this.service.token().block(WAIT);
		OAuth2AccessToken second = this.service.tokenReplacing(first).block(WAIT);
		assertThat(second.getTokenValue()).isEqualTo("token-2");
		assertThat(this.service.reusableToken()).isSameAs(second);
	}

	@Test
	void aLateRejectionOfAnOldTokenDoesNotDropTheNewOne() {
		OAuth2AccessToken first = this.service.token().block(WAIT);
		OAuth2AccessToken second = this.service.tokenReplacing(first).block(WAIT);
		assertThat(this.service.tokenReplacing(first).block(WAIT)).isSameAs(second);
		assertThat(this.requests).hasValue(2);
	}

	@Test
	void aStoreThatRemovesWithoutSayingSoStillGetsTheRejectedTokenReplaced() {
		ErpNetTokenStore silent = new ErpNetTokenStore() {

			@Override
			public @Nullable OAuth2AccessToken get(String key) {
				return ErpNetTokenServiceTests.this.store.get(key);
			}

			@Override
			public Mono<Void> save(String key, OAuth2AccessToken token) {
				return ErpNetTokenServiceTests.this.store.save(key, token);
			}

			@Override
			public Mono<Boolean> removeIfCurrent(String key, OAuth2AccessToken token) {
				return ErpNetTokenServiceTests.this.store.removeIfCurrent(key, token).then(Mono.empty());
			}

		};
		ErpNetTokenService service = service(silent);
		OAuth2AccessToken first = service.token().block(WAIT);
		assertThat(service.tokenReplacing(first).block(WAIT).getTokenValue()).isEqualTo("token-2");
	}

	@Test
	void aRejectionCoolsDownWithoutAskingAgainThenAsksAgain() {
		this.answer = (n) -> Mono.error(new ErpNetAuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT), REGISTRATION.getClientId(), null));
		ErpNetAuthenticationException first = failure(this.service.token());
		ErpNetAuthenticationException second = failure(this.service.token());
		assertThat(second).isNotSameAs(first);
		assertThat(second.getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT);
		assertThat(second.getHint()).isEqualTo(first.getHint());
		assertThat(this.service.reusableToken()).isNull();
		assertThat(this.requests).hasValue(1);
		this.clock.advance(Duration.ofSeconds(10));
		failure(this.service.token());
		assertThat(this.requests).hasValue(2);
		assertThat(this.heard).containsExactly("requested invalid_client", "requested invalid_client");
	}

	@Test
	void theCooldownCanBeSwitchedOff() {
		this.service.setErrorCooldown(Duration.ZERO);
		this.answer = (n) -> Mono.error(new ErpNetAuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT), REGISTRATION.getClientId(), null));
		failure(this.service.token());
		failure(this.service.token());
		assertThat(this.requests).hasValue(2);
	}

	@Test
	void anUnreachableEndpointIsNotCooledDown() {
		this.answer = (n) -> Mono.error(new IOException("Connection refused"));
		ErpNetAuthenticationException failure = failure(this.service.token());
		assertThat(failure.getErrorCode()).isEqualTo(ErpNetAuthenticationException.TOKEN_ENDPOINT_UNREACHABLE);
		assertThat(failure.getDescription())
			.isEqualTo("Could not reach https://demodb.my.erp.net/id/connect/token: Connection refused");
		failure(this.service.token());
		assertThat(this.requests).hasValue(2);
	}

	@Test
	void anOAuth2ErrorOfAnotherTokenClientBecomesAnErpNetAuthenticationException() {
		this.answer = (n) -> Mono
			.error(new OAuth2AuthorizationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE)));
		ErpNetAuthenticationException failure = failure(this.service.token());
		assertThat(failure.getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_SCOPE);
		assertThat(failure.getHint()).contains("erpnet.scopes");
	}

	@Test
	void aTokenAnotherReplicaStoredIsUsedInsteadOfAskingForOne() {
		OAuth2AccessToken stored = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "from-another-replica",
				this.clock.instant(), this.clock.instant().plusSeconds(3600));
		ErpNetTokenStore shared = new ErpNetTokenStore() {

			@Override
			public @Nullable OAuth2AccessToken get(String key) {
				return null;
			}

			@Override
			public Mono<OAuth2AccessToken> load(String key) {
				return Mono.just(stored);
			}

			@Override
			public Mono<Void> save(String key, OAuth2AccessToken token) {
				return Mono.empty();
			}

			@Override
			public Mono<Boolean> removeIfCurrent(String key, OAuth2AccessToken token) {
				return Mono.just(false);
			}

		};
		assertThat(service(shared).token().block(WAIT)).isSameAs(stored);
		assertThat(this.requests).hasValue(0);
	}

	@Test
	void theStoreKeyNamesTheApplicationButNotItsSecret() {
		String key = ErpNetTokenService.storeKey(REGISTRATION);
		assertThat(key).startsWith("https://demodb.my.erp.net/id/connect/token my-service-app-id read,update ")
			.doesNotContain(REGISTRATION.getClientSecret())
			.hasSize("https://demodb.my.erp.net/id/connect/token my-service-app-id read,update ".length() + 22);
		// Another secret for the same application finds nothing under this key
		assertThat(ErpNetTokenService
			.storeKey(ClientRegistration.withClientRegistration(REGISTRATION).clientSecret("guessed").build()))
			.isNotEqualTo(key)
			.startsWith("https://demodb.my.erp.net/id/connect/token my-service-app-id read,update ");
		ClientRegistration withoutScopes = ClientRegistration.withRegistrationId("erpnet")
			.clientId("my-service-app-id")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("https://demodb.my.erp.net/id/connect/token")
			.build();
		assertThat(ErpNetTokenService.storeKey(withoutScopes))
			.isEqualTo("https://demodb.my.erp.net/id/connect/token my-service-app-id ");
	}

	@Test
	void onlyTheClientCredentialsGrantIsServed() {
		ClientRegistration authorizationCode = ClientRegistration.withClientRegistration(REGISTRATION)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://app.example.com/callback")
			.authorizationUri("https://demodb.my.erp.net/id/connect/authorize")
			.build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ErpNetTokenService(authorizationCode, this.tokenClient, this.store, this.clock))
			.withMessage("clientRegistration must use the client_credentials grant");
	}

	@Test
	void toStringShowsNeitherSecretNorToken() {
		this.service.token().block(WAIT);
		assertThat(this.service).hasToString("ErpNetTokenService[clientId=my-service-app-id, "
				+ "tokenUri=https://demodb.my.erp.net/id/connect/token, store=InMemoryErpNetTokenStore[1 tokens]]");
	}

	private ErpNetTokenService service(ErpNetTokenStore store) {
		ErpNetTokenService service = new ErpNetTokenService(REGISTRATION, this.tokenClient, store, this.clock);
		service.setListener(new ErpNetClientListener() {

			@Override
			public void tokenRequested(String outcome, Duration duration) {
				ErpNetTokenServiceTests.this.heard.add("requested " + outcome);
			}

			@Override
			public void tokenReused() {
				ErpNetTokenServiceTests.this.heard.add("reused");
			}

		});
		return service;
	}

	private static ErpNetAuthenticationException failure(Mono<OAuth2AccessToken> token) {
		return assertThatExceptionOfType(ErpNetAuthenticationException.class).isThrownBy(() -> token.block(WAIT))
			.actual();
	}

	private static OAuth2AccessTokenResponse response(String value, long expiresIn) {
		return OAuth2AccessTokenResponse.withToken(value)
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.expiresIn(expiresIn)
			.build();
	}

}
