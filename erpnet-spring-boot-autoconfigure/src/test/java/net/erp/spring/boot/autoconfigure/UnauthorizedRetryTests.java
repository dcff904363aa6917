package net.erp.spring.boot.autoconfigure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Domain API 401 drops the token, gets a new one and repeats the request once; a second
 * 401 reaches the caller.
 */
class UnauthorizedRetryTests {

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	@Test
	void webClientRetriesOnceWithANewToken() {
		this.erpNet.reject(MockErpNet.token(1));
		this.erpNet.contextRunner().run((context) -> {
			assertThat(getCustomers(webClient(context))).contains("C00001");
			assertRetriedWithSecondToken();
			getCustomers(webClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void restClientRetriesOnceWithANewToken() {
		this.erpNet.reject(MockErpNet.token(1));
		this.erpNet.contextRunner().run((context) -> {
			assertThat(getCustomers(restClient(context))).contains("C00001");
			assertRetriedWithSecondToken();
			getCustomers(restClient(context));
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void webClientReturnsTheSecond401() {
		this.erpNet.rejectAllTokens();
		this.erpNet.contextRunner().run((context) -> {
			assertThatExceptionOfType(WebClientResponseException.class)
				.isThrownBy(() -> getCustomers(webClient(context)))
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(401)));
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void restClientReturnsTheSecond401() {
		this.erpNet.rejectAllTokens();
		this.erpNet.contextRunner().run((context) -> {
			assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
				.isThrownBy(() -> getCustomers(restClient(context)));
			assertThat(this.erpNet.apiRequestCount()).isEqualTo(2);
			assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
		});
	}

	private void assertRetriedWithSecondToken() {
		assertThat(this.erpNet.apiRequests()).extracting((request) -> request.getFirstHeader("Authorization"))
			.containsExactly("Bearer " + MockErpNet.token(1), "Bearer " + MockErpNet.token(2));
		assertThat(this.erpNet.tokenRequestCount()).isEqualTo(2);
	}

}
