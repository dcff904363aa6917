package net.erp.spring.boot.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetAuthorizedClientManager;
import net.erp.spring.client.ErpNetConcurrencyLimiter;
import net.erp.spring.client.ErpNetExchangeFilterFunction;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;
import net.erp.spring.client.ErpNetRetryPolicy;
import net.erp.spring.client.ErpNetTokenStore;
import net.erp.spring.client.InMemoryErpNetTokenStore;
import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;
import net.erp.spring.cluster.redis.RedisErpNetTokenStore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ErpNetAutoConfiguration}.
 */
class ErpNetAutoConfigurationTests {

	static final String SECRET = "s3cr3t-Value-never-shown";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class, WebClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues("erpnet.instance-url=https://demodb.my.erp.net", "erpnet.client-id=my-service-app-id",
				"erpnet.client-secret=" + SECRET);

	private final ApplicationContextRunner unconfiguredContextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErpNetAutoConfiguration.class));

	@Test
	void createsQualifiedBeans() {
		this.contextRunner.withUserConfiguration(ErpNetConsumer.class).run((context) -> {
			assertThat(context).hasSingleBean(ErpNetReactiveAuthorizedClientManager.class)
				.hasSingleBean(ErpNetAuthorizedClientManager.class)
				.hasSingleBean(ErpNetExchangeFilterFunction.class);
			ErpNetConsumer consumer = context.getBean(ErpNetConsumer.class);
			assertThat(consumer.webClient).isSameAs(context.getBean("erpNetWebClient"));
			assertThat(consumer.restClient).isSameAs(context.getBean("erpNetRestClient"));
			assertThat(consumer.manager).isSameAs(context.getBean("erpNetAuthorizedClientManager"));
			assertThat(consumer.reactiveManager).isSameAs(context.getBean("erpNetReactiveAuthorizedClientManager"));
			assertThat(consumer.filter).isSameAs(context.getBean("erpNetExchangeFilterFunction"));
		});
	}

	@Test
	void domainApisAreNamedAfterTheirTypesAndInjectedWithOrWithoutTheQualifier() {
		this.contextRunner.withUserConfiguration(DomainApiConsumer.class).run((context) -> {
			DomainApiConsumer consumer = context.getBean(DomainApiConsumer.class);
			assertThat(consumer.domainApi).isSameAs(consumer.qualifiedDomainApi)
				.isSameAs(context.getBean("erpNetDomainApi"));
			assertThat(consumer.reactiveDomainApi).isSameAs(consumer.qualifiedReactiveDomainApi)
				.isSameAs(context.getBean("erpNetReactiveDomainApi"));
		});
	}

	@Test
	void startsWithoutBuildingClientsManagersOrServiceGroupConfigurers() {
		this.contextRunner.run((context) -> {
			// An application pays for the HTTP machinery when it first uses it
			for (String name : new String[] { "erpNetWebClient", "erpNetRestClient", "erpNetExchangeFilterFunction",
					"erpNetClientHttpRequestInterceptor", "erpNetAuthorizedClientManager",
					"erpNetReactiveAuthorizedClientManager", "erpNetReactiveDomainApi", "erpNetDomainApi",
					"erpNetWebClientHttpServiceGroupConfigurer", "erpNetRestClientHttpServiceGroupConfigurer" }) {
				assertThat(context.getBeanFactory().containsBeanDefinition(name)).as(name).isTrue();
				assertThat(context.getBeanFactory().containsSingleton(name)).as(name).isFalse();
			}
			assertThat(context.getBeanFactory().containsSingleton("erpNetInstance")).isTrue();
		});
	}

	@Test
	void declaresTheManagersFilterAndInterceptorWithTheTypesTheApplicationInjects() {
		this.contextRunner.run((context) -> {
			// Spring introspects the declared type of every bean at start-up: an
			// implementation type would be loaded, with all it refers to, before first use
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			assertThat(beanFactory.getType("erpNetReactiveAuthorizedClientManager", false))
				.isEqualTo(ReactiveOAuth2AuthorizedClientManager.class);
			assertThat(beanFactory.getType("erpNetAuthorizedClientManager", false))
				.isEqualTo(OAuth2AuthorizedClientManager.class);
			assertThat(beanFactory.getType("erpNetExchangeFilterFunction", false))
				.isEqualTo(ExchangeFilterFunction.class);
			assertThat(beanFactory.getType("erpNetClientHttpRequestInterceptor", false))
				.isEqualTo(ClientHttpRequestInterceptor.class);
		});
	}

	@Test
	void beansDoNotCompeteWithTheApplicationsOwnClients() {
		this.contextRunner.withUserConfiguration(OwnWebClientConfiguration.class, PlainConsumer.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("erpNetWebClient");
				assertThat(context.getBean(PlainConsumer.class).webClient).isSameAs(context.getBean("ownWebClient"));
			});
	}

	@Test
	void registersClientCredentialsRegistrationWithDerivedTokenUri() {
		this.contextRunner.run((context) -> {
			ClientRegistration registration = context.getBean(ErpNetInstance.class).clientRegistration();
			assertThat(registration.getRegistrationId()).isEqualTo("erpnet");
			assertThat(registration.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.CLIENT_CREDENTIALS);
			assertThat(registration.getClientAuthenticationMethod())
				.isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
			assertThat(registration.getClientId()).isEqualTo("my-service-app-id");
			assertThat(registration.getScopes()).containsExactly("read");
			assertThat(registration.getProviderDetails().getTokenUri())
				.isEqualTo("https://demodb.my.erp.net/id/connect/token");
			assertThat(context.getBean(ErpNetInstance.class).domainApiUrl())
				.hasToString("https://demodb.my.erp.net/api/domain/odata/");
		});
	}

	@Test
	void appliesConfiguredRegistrationSettings() {
		this.contextRunner
			.withPropertyValues("erpnet.instance-url=https://erp.example.com/example-db/", "erpnet.scopes=read, update",
					"erpnet.client-authentication-method=client_secret_basic",
					"erpnet.token-uri=https://id.example.com/connect/token", "erpnet.domain-api.path=odata")
			.run((context) -> {
				ErpNetInstance instance = context.getBean(ErpNetInstance.class);
				ClientRegistration registration = instance.clientRegistration();
				assertThat(registration.getScopes()).containsExactly("read", "update");
				assertThat(registration.getClientAuthenticationMethod())
					.isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
				assertThat(registration.getProviderDetails().getTokenUri())
					.isEqualTo("https://id.example.com/connect/token");
				assertThat(instance.url()).hasToString("https://erp.example.com/example-db");
				assertThat(instance.domainApiUrl()).hasToString("https://erp.example.com/example-db/odata/");
			});
	}

	@Test
	void connectionDetailsBeanReplacesTheConnectionProperties() {
		ErpNetConnectionDetails connectionDetails = new ErpNetConnectionDetails() {

			@Override
			public String getInstanceUrl() {
				return "http://127.0.0.1:4711";
			}

			@Override
			public String getClientId() {
				return "from-connection-details";
			}

			@Override
			public String getClientSecret() {
				return "connection-details-secret";
			}

			@Override
			public String getTokenUri() {
				return "http://127.0.0.1:4712/connect/token";
			}

		};
		this.unconfiguredContextRunner.withBean(ErpNetConnectionDetails.class, () -> connectionDetails)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(PropertiesErpNetConnectionDetails.class);
				ErpNetInstance instance = context.getBean(ErpNetInstance.class);
				assertThat(instance.url()).hasToString("http://127.0.0.1:4711");
				assertThat(instance.clientRegistration().getClientId()).isEqualTo("from-connection-details");
				assertThat(instance.clientRegistration().getProviderDetails().getTokenUri())
					.isEqualTo("http://127.0.0.1:4712/connect/token");
			});
	}

	@Test
	void connectionDetailsComeFromPropertiesByDefault() {
		this.contextRunner.run((context) -> {
			ErpNetConnectionDetails connectionDetails = context.getBean(ErpNetConnectionDetails.class);
			assertThat(connectionDetails).isInstanceOf(PropertiesErpNetConnectionDetails.class)
				.hasToString("PropertiesErpNetConnectionDetails[ErpNetProperties[instanceUrl=https://demodb.my.erp.net, "
						+ "clientId=my-service-app-id, clientSecret=******, scopes=[read]]]");
			assertThat(connectionDetails.getInstanceUrl()).isEqualTo("https://demodb.my.erp.net");
			assertThat(connectionDetails.getClientSecret()).isEqualTo(SECRET);
		});
	}

	@Test
	void allowsHttpToLoopback() {
		this.contextRunner.withPropertyValues("erpnet.instance-url=http://localhost:8080")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("erpnet.instance-url=http://127.0.0.1:8080")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void allowsHttpElsewhereWhenInsecureHttpIsAllowed() {
		this.contextRunner
			.withPropertyValues("erpnet.instance-url=http://erp.internal", "erpnet.allow-insecure-http=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void disabledCreatesNoBeans() {
		this.unconfiguredContextRunner.withPropertyValues("erpnet.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeanNamesForType(ErpNetProperties.class)).isEmpty();
			assertThat(context.getBeanNamesForType(WebClient.class)).isEmpty();
			assertThat(context.getBeanNamesForType(RestClient.class)).isEmpty();
			assertThat(context.getBeanNamesForType(OAuth2AuthorizedClientManager.class)).isEmpty();
			assertThat(context.getBeanNamesForType(ReactiveOAuth2AuthorizedClientManager.class)).isEmpty();
			assertThat(context.getBeanNamesForType(ExchangeFilterFunction.class)).isEmpty();
		});
	}

	@Test
	void backsOffFromUserDefinedWebClient() {
		WebClient webClient = WebClient.create();
		this.contextRunner.withBean("erpNetWebClient", WebClient.class, () -> webClient)
			.run((context) -> assertThat(context.getBean("erpNetWebClient")).isSameAs(webClient));
	}

	@Test
	void backsOffFromUserDefinedRestClient() {
		RestClient restClient = RestClient.create();
		this.contextRunner.withBean("erpNetRestClient", RestClient.class, () -> restClient)
			.run((context) -> assertThat(context.getBean("erpNetRestClient")).isSameAs(restClient));
	}

	@Test
	void backsOffFromUserDefinedExchangeFilterFunction() {
		ExchangeFilterFunction filter = (request, next) -> next.exchange(request);
		this.contextRunner.withBean("erpNetExchangeFilterFunction", ExchangeFilterFunction.class, () -> filter)
			.run((context) -> {
				assertThat(context.getBeanNamesForType(ExchangeFilterFunction.class))
					.containsExactly("erpNetExchangeFilterFunction");
				assertThat(context.getBean("erpNetExchangeFilterFunction")).isSameAs(filter);
				assertThat(context).hasBean("erpNetWebClient");
			});
	}

	@Test
	void backsOffFromUserDefinedReactiveManagerAndUsesIt() {
		ReactiveOAuth2AuthorizedClientManager manager = (request) -> Mono.empty();
		this.contextRunner
			.withBean("erpNetReactiveAuthorizedClientManager", ReactiveOAuth2AuthorizedClientManager.class,
					() -> manager)
			.run((context) -> {
				assertThat(context.getBeanNamesForType(ReactiveOAuth2AuthorizedClientManager.class))
					.containsExactly("erpNetReactiveAuthorizedClientManager");
				assertThat(context.getBean("erpNetReactiveAuthorizedClientManager")).isSameAs(manager);
				assertThat(context.getBean("erpNetAuthorizedClientManager"))
					.hasToString("ErpNetAuthorizedClientManager[" + manager + "]");
			});
	}

	@Test
	void backsOffFromUserDefinedManager() {
		OAuth2AuthorizedClientManager manager = (request) -> null;
		this.contextRunner
			.withBean("erpNetAuthorizedClientManager", OAuth2AuthorizedClientManager.class, () -> manager)
			.run((context) -> {
				assertThat(context.getBeanNamesForType(OAuth2AuthorizedClientManager.class))
					.containsExactly("erpNetAuthorizedClientManager");
				assertThat(context.getBean("erpNetAuthorizedClientManager")).isSameAs(manager);
				assertThat(context.getBean("erpNetReactiveAuthorizedClientManager"))
					.isInstanceOf(ErpNetReactiveAuthorizedClientManager.class);
			});
	}

	@Test
	void missingRequiredPropertiesAreAllReported() {
		this.unconfiguredContextRunner.run(failure((analysis) -> {
			assertThat(analysis.getDescription()).contains("erpnet.instance-url is not set")
				.contains("erpnet.client-id is not set")
				.contains("erpnet.client-secret is not set");
			assertThat(analysis.getAction()).contains("Set erpnet.instance-url to an https:// URL")
				.contains("Set erpnet.client-id to the ApplicationUri")
				.contains("Set erpnet.client-secret to the plain secret")
				.contains("erpnet.enabled=false")
				.contains("all registered at run time sets erpnet.default-instance.enabled=false");
		}));
	}

	@Test
	void malformedInstanceUrlIsReported() {
		this.contextRunner.withPropertyValues("erpnet.instance-url=https://demo db.my.erp.net")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("erpnet.instance-url is not a valid URL");
				assertThat(analysis.getAction()).contains("Set erpnet.instance-url to an https:// URL");
			}));
	}

	@Test
	void clusterModeNeedsRedisOnTheClassPathAndAConnection() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ErpNetTokenStore.class))
			.isInstanceOf(InMemoryErpNetTokenStore.class));
		this.contextRunner.withPropertyValues("erpnet.cluster.enabled=true")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("erpnet.cluster.enabled is true, but there is no Redis connection");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			}));
		this.contextRunner.withPropertyValues("erpnet.cluster.enabled=true")
			.withClassLoader(new FilteredClassLoader(ReactiveStringRedisTemplate.class))
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.cluster.enabled is true, but Spring Data Redis is not on the class path")));
		this.contextRunner.withPropertyValues("erpnet.cluster.enabled=true")
			// Never connected: the store is chosen, not used
			.withBean(ReactiveRedisConnectionFactory.class, () -> new LettuceConnectionFactory("127.0.0.1", 9))
			.run((context) -> assertThat(context.getBean(ErpNetTokenStore.class))
				.isInstanceOf(RedisErpNetTokenStore.class));
	}

	@Test
	void instanceUrlWithoutSchemeIsReported() {
		this.contextRunner.withPropertyValues("erpnet.instance-url=demodb.my.erp.net")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.instance-url 'demodb.my.erp.net' is not an absolute http:// or https:// URL")));
	}

	@Test
	void insecureHttpIsReported() {
		this.contextRunner.withPropertyValues("erpnet.instance-url=http://demodb.my.erp.net")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("erpnet.instance-url 'http://demodb.my.erp.net' uses "
						+ "http:// to a host that is not a loopback address");
				assertThat(analysis.getAction()).contains("Use https:// in erpnet.instance-url")
					.contains("erpnet.allow-insecure-http=true");
			}));
	}

	@Test
	void insecureTokenUriIsReported() {
		this.contextRunner.withPropertyValues("erpnet.token-uri=http://id.example.com/connect/token")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.token-uri 'http://id.example.com/connect/token' uses http://")));
	}

	@Test
	void urlWithUserInformationIsReportedWithoutShowingIt() {
		this.contextRunner.withPropertyValues("erpnet.instance-url=https://user:hunter2@demodb.my.erp.net")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription()).contains("erpnet.instance-url contains user information")
					.doesNotContain("hunter2");
				assertThat(analysis.getCause().getMessage()).doesNotContain("hunter2");
			}));
	}

	@Test
	void unknownAuthenticationMethodIsReported() {
		this.contextRunner.withPropertyValues("erpnet.client-authentication-method=private_key_jwt")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("erpnet.client-authentication-method 'private_key_jwt' is not supported");
				assertThat(analysis.getAction()).contains("client_secret_post").contains("client_secret_basic");
			}));
	}

	@Test
	void emptyScopesAreReported() {
		this.contextRunner.withPropertyValues("erpnet.scopes=")
			.run(failure((analysis) -> assertThat(analysis.getAction()).contains("Set erpnet.scopes to 'read'")));
	}

	@Test
	void negativeRefreshSkewIsReported() {
		this.contextRunner.withPropertyValues("erpnet.token-refresh-skew=-1s")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.token-refresh-skew is negative")));
	}

	@Test
	void resilienceSettingsAreChecked() {
		this.contextRunner
			.withPropertyValues("erpnet.domain-api.response-timeout=0s", "erpnet.token-request.connect-timeout=-1s",
					"erpnet.domain-api.retry.max-attempts=0", "erpnet.domain-api.max-queued-requests=-1",
					"erpnet.token-request.max-attempts=0", "erpnet.domain-api.retry.time-limit=-5s")
			.run(failure((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("erpnet.domain-api.response-timeout is PT0S; it must be positive")
					.contains("erpnet.token-request.connect-timeout is PT-1S; it must be positive")
					.contains("erpnet.domain-api.retry.max-attempts is 0; it must be at least 1")
					.contains("erpnet.domain-api.max-queued-requests is -1; it must be at least 0")
					.contains("erpnet.token-request.max-attempts is 0; it must be at least 1")
					.contains("erpnet.domain-api.retry.time-limit is negative");
				assertThat(analysis.getAction()).contains("Set erpnet.domain-api.retry.max-attempts to 4 (the default)");
			}));
	}

	@Test
	void backsOffFromUserDefinedLimiterAndRetryPolicy() {
		ErpNetConcurrencyLimiter limiter = new ErpNetConcurrencyLimiter(2, 10);
		ErpNetRetryPolicy policy = new ErpNetRetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
				Clock.systemUTC());
		this.contextRunner.withBean(ErpNetConcurrencyLimiter.class, () -> limiter)
			.withBean(ErpNetRetryPolicy.class, () -> policy)
			.run((context) -> {
				assertThat(context.getBean(ErpNetConcurrencyLimiter.class)).isSameAs(limiter);
				assertThat(context.getBean(ErpNetRetryPolicy.class)).isSameAs(policy);
			});
	}

	@Test
	void limiterFollowsTheProperties() {
		this.contextRunner
			.withPropertyValues("erpnet.domain-api.max-concurrent-requests=2", "erpnet.domain-api.max-queued-requests=1")
			.run((context) -> {
				ErpNetConcurrencyLimiter limiter = context.getBean(ErpNetConcurrencyLimiter.class);
				assertThat(limiter.getMaxConcurrentRequests()).isEqualTo(2);
				assertThat(limiter.getMaxQueuedRequests()).isOne();
			});
	}

	@Test
	void createsDomainApiClientsAndBacksOff() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReactiveErpNetDomainApi.class)
			.hasSingleBean(ErpNetDomainApi.class)
			.hasBean("erpNetWebClientHttpServiceGroupConfigurer")
			.hasBean("erpNetRestClientHttpServiceGroupConfigurer"));
		ReactiveErpNetDomainApi domainApi = new ReactiveErpNetDomainApi(WebClient.create(), URI.create("https://erp.example.com/odata/"),
				10);
		this.contextRunner.withBean(ReactiveErpNetDomainApi.class, () -> domainApi)
			.run((context) -> assertThat(context.getBean(ReactiveErpNetDomainApi.class)).isSameAs(domainApi));
	}

	@Test
	void pageSizeAboveTheLimitIsReported() {
		this.contextRunner.withPropertyValues("erpnet.domain-api.page-size=5000")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.domain-api.page-size is 5000; it must be between 1 and 1000")));
	}

	@Test
	void concurrencyBelowOneIsReported() {
		this.contextRunner.withPropertyValues("erpnet.domain-api.max-concurrent-requests=0")
			.run(failure((analysis) -> assertThat(analysis.getDescription())
				.contains("erpnet.domain-api.max-concurrent-requests is 0")));
	}

	/**
	 * Start-up fails with a failure analysis that never shows the secret.
	 */
	static ContextConsumer<AssertableApplicationContext> failure(Consumer<FailureAnalysis> analysisAssertions) {
		return (context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidErpNetPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription() + analysis.getAction() + analysis.getCause().getMessage())
				.doesNotContain(SECRET);
			analysisAssertions.accept(analysis);
		};
	}

	@Configuration(proxyBeanMethods = false)
	static class ErpNetConsumer {

		@Autowired
		@ErpNet
		WebClient webClient;

		@Autowired
		@ErpNet
		RestClient restClient;

		@Autowired
		@ErpNet
		OAuth2AuthorizedClientManager manager;

		@Autowired
		@ErpNet
		ReactiveOAuth2AuthorizedClientManager reactiveManager;

		@Autowired
		@ErpNet
		ExchangeFilterFunction filter;

	}

	@Configuration(proxyBeanMethods = false)
	static class DomainApiConsumer {

		@Autowired
		ErpNetDomainApi domainApi;

		@Autowired
		@ErpNet
		ErpNetDomainApi qualifiedDomainApi;

		@Autowired
		ReactiveErpNetDomainApi reactiveDomainApi;

		@Autowired
		@ErpNet
		ReactiveErpNetDomainApi qualifiedReactiveDomainApi;

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnWebClientConfiguration {

		@Bean
		WebClient ownWebClient() {
			return WebClient.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainConsumer {

		@Autowired
		WebClient webClient;

	}

}
