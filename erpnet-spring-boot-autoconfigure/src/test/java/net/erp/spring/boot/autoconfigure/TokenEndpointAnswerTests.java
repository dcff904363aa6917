package net.erp.spring.boot.autoconfigure;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;

import net.erp.spring.client.ErpNetAuthenticationException;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.getCustomers;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockserver.model.HttpResponse.response;

/**
 * Every answer of the token endpoint that is not a usable Bearer token becomes an
 * {@link ErpNetAuthenticationException} with a documented code, a description that says
 * what came back, and a hint that fits; none shows the token, the secret or the
 * server's {@code info}, and none brings a line break into a log.
 */
class TokenEndpointAnswerTests {

	private static final String STACK_TRACE = "System.Web.HttpException (0x80004005) at Erp.Net.Server.Id.Token()";

	private static final String ERPNET_NOT_FOUND = "{\"message\":\"The resource cannot be found.\",\"code\":0,"
			+ "\"type\":\"NotFound\",\"info\":\"" + STACK_TRACE + "\"}";

	private final MockErpNet erpNet = new MockErpNet();

	@AfterEach
	void stop() {
		this.erpNet.close();
	}

	static Stream<Arguments> answers() {
		String tokenPath = "/id/connect/token answered HTTP ";
		return Stream.of(
				Arguments.of("no token_type", json(200, "{\"access_token\":\"eyJ-abc\",\"expires_in\":3600}"),
						"invalid_token_response", "The token response has no token_type", "erpnet.instance-url"),
				Arguments.of("unknown token_type", token("\"eyJ-abc\"", "\"mac\""), "invalid_token_response",
						"The token response's token_type is 'mac'; only Bearer is supported", "erpnet.instance-url"),
				Arguments.of("DPoP token_type", token("\"eyJ-abc\"", "\"DPoP\""), "invalid_token_response",
						"token_type is 'DPoP'; only Bearer is supported", "erpnet.instance-url"),
				Arguments.of("token_type that is no name", token("\"eyJ-abc\"", "\"Bearer\\r\\nX: y\""),
						"invalid_token_response", "token_type is not a token type", "erpnet.instance-url"),
				Arguments.of("empty access_token", token("\"\"", "\"Bearer\""), "invalid_token_response",
						"The token response's access_token is empty or not a string", "erpnet.instance-url"),
				Arguments.of("numeric access_token", token("12345", "\"Bearer\""), "invalid_token_response",
						"access_token is empty or not a string", "erpnet.instance-url"),
				Arguments.of("access_token with CR/LF", token("\"eyJ-abc\\r\\nX-Injected: 1\"", "\"Bearer\""),
						"invalid_token_response", "The token response's access_token is not a valid RFC 6750 bearer token",
						"erpnet.instance-url"),
				Arguments.of("access_token with a space", token("\"eyJ-abc def\"", "\"Bearer\""),
						"invalid_token_response", "not a valid RFC 6750 bearer token", "erpnet.instance-url"),
				Arguments.of("access_token with a control", token("\"eyJ-abc\\u0007\"", "\"Bearer\""),
						"invalid_token_response", "not a valid RFC 6750 bearer token", "erpnet.instance-url"),
				Arguments.of("no access_token", json(200, "{\"token_type\":\"Bearer\"}"), "invalid_token_response",
						"The token response has no access_token", "erpnet.instance-url"),
				Arguments.of("repeated access_token",
						json(200, "{\"access_token\":\"eyJ-a\",\"access_token\":\"eyJ-b\",\"token_type\":\"Bearer\"}"),
						"invalid_token_response", "200 with application/json, not a JSON token response",
						"erpnet.instance-url"),
				Arguments.of("JSON array", json(200, "[]"), "invalid_token_response",
						"200 with application/json, not a JSON token response", "not at a proxy"),
				Arguments.of("HTML page", html(200, "<html><body>Sign in</body></html>"), "invalid_token_response",
						"200 with text/html, not a JSON token response", "not at a proxy"),
				Arguments.of("no content", response().withStatusCode(204), "invalid_token_response",
						"204 with no content type, not a JSON token response", "erpnet.instance-url"),
				Arguments.of("more than 256 KB", json(200, "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}"),
						"invalid_token_response", "200 with more than 256 KB", "erpnet.instance-url"),
				Arguments.of("ERP.net error, wrapped", json(404, "{\"error\":" + ERPNET_NOT_FOUND + "}"),
						"token_endpoint_not_found", tokenPath + "404: The resource cannot be found. (NotFound)",
						"erpnet.instance-url must be the instance's root"),
				Arguments.of("ERP.net error, flat", json(404, ERPNET_NOT_FOUND), "token_endpoint_not_found",
						tokenPath + "404: The resource cannot be found. (NotFound)", "erpnet.token-uri"),
				Arguments.of("404 page", html(404, "<h1>Not Found</h1>"), "token_endpoint_not_found",
						tokenPath + "404 without an OAuth2 error", "erpnet.instance-url must be the instance's root"),
				Arguments.of("410", response().withStatusCode(410), "token_endpoint_not_found",
						tokenPath + "410 without an OAuth2 error", "erpnet.token-uri"),
				Arguments.of("405", response().withStatusCode(405), "invalid_token_response",
						tokenPath + "405 without an OAuth2 error", "erpnet.instance-url"),
				Arguments.of("401 of a proxy", response().withStatusCode(401).withHeader("WWW-Authenticate", "Basic"),
						"invalid_token_response", tokenPath + "401 without an OAuth2 error", "erpnet.instance-url"),
				Arguments.of("ERP.net error at 400",
						json(400, "{\"error\":{\"message\":\"Invalid request.\",\"code\":12,\"type\":\"Validation\","
								+ "\"info\":\"" + STACK_TRACE + "\"}}"),
						"invalid_token_response", tokenPath + "400: Invalid request. (Validation)", "erpnet.instance-url"),
				Arguments.of("ERP.net error at 500",
						json(500, "{\"error\":{\"message\":\"Boom.\",\"type\":\"Internal\",\"info\":\"" + STACK_TRACE
								+ "\"}}"),
						"server_error", tokenPath + "500: Boom. (Internal)", "the instance is up"),
				Arguments.of("OAuth2 error at 503", json(503, "{\"error\":\"temporarily_unavailable\"}"), "server_error",
						tokenPath + "503: temporarily_unavailable", "the instance is up"),
				Arguments.of("error code with a line break", json(400, "{\"error\":\"invalid_client\\r\\nINFO fake\"}"),
						"invalid_token_response", tokenPath + "400 with an error that is not an OAuth2 error code",
						"erpnet.instance-url"),
				Arguments.of("description with line breaks",
						json(400, "{\"error\":\"invalid_client\",\"error_description\":\"Bad\\r\\nINFO forged line\"}"),
						"invalid_client", "Bad INFO forged line", "ApplicationSecretHash"),
				Arguments.of("description that echoes the secret",
						json(400, "{\"error\":\"invalid_request\",\"error_description\":\"Unexpected client_secret="
								+ MockErpNet.CLIENT_SECRET + "\"}"),
						"invalid_request", "Unexpected client_secret=******", "erpnet.client-secret"),
				Arguments.of("long description",
						json(400, "{\"error\":\"invalid_scope\",\"error_description\":\"" + "y".repeat(2000) + "\"}"),
						"invalid_scope", "y".repeat(300) + "…", "Scope attribute"),
				Arguments.of("redirect without a location", response().withStatusCode(302), "token_endpoint_redirect",
						tokenPath + "302 with a redirect to no location, which is not followed", "never followed"),
				Arguments.of("redirect within the instance",
						response().withStatusCode(301).withHeader("Location", "/other/connect/token"),
						"token_endpoint_redirect", "with a redirect to http://127.0.0.1:", "never followed"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("answers")
	void answerBecomesADocumentedError(String name, HttpResponse answer, String code, String description,
			String hint) {
		this.erpNet.tokenFailure(answer);
		this.erpNet.contextRunner().withPropertyValues("erpnet.token-request.backoff=10ms").run((context) -> {
			assertThatExceptionOfType(ErpNetAuthenticationException.class)
				.isThrownBy(() -> getCustomers(webClient(context)))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo(code);
					assertThat(ex.getDescription()).contains(description);
					assertThat(ex.getHint()).contains(hint);
					assertThat(ex.getMessage()).contains(code).contains(ex.getHint());
					for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
						assertThat(cause.getMessage() + cause).doesNotContain(MockErpNet.CLIENT_SECRET)
							.doesNotContain("eyJ-")
							.doesNotContain("System.Web")
							.doesNotContain("\r")
							.doesNotContain("\n");
					}
				});
			assertThat(this.erpNet.apiRequestCount()).isZero();
		});
	}

	@Test
	void bearerInAnyCaseWithAStringLifetimeAndNoScopeIsAccepted() {
		this.erpNet.tokenFailure(json(200,
				"{\"access_token\":\"eyJ-token-1\",\"token_type\":\"bearer\",\"expires_in\":\"120\"}"));
		this.erpNet.contextRunner().run((context) -> {
			assertThat(getCustomers(restClient(context))).contains("C00001");
			assertThat(MockErpNet.cachedToken(context).getScopes()).containsExactlyInAnyOrder("read", "update");
		});
	}

	@Test
	void scopeNamedTwiceIsAccepted() {
		this.erpNet.tokenFailure(json(200,
				"{\"access_token\":\"eyJ-token-1\",\"token_type\":\"Bearer\",\"scope\":\"read read\"}"));
		this.erpNet.contextRunner().run((context) -> {
			assertThat(getCustomers(webClient(context))).contains("C00001");
			assertThat(MockErpNet.cachedToken(context).getScopes()).containsExactly("read");
		});
	}

	private static HttpResponse token(String accessToken, String tokenType) {
		return json(200, "{\"access_token\":" + accessToken + ",\"token_type\":" + tokenType + ",\"expires_in\":3600}");
	}

	private static HttpResponse json(int status, String body) {
		return response().withStatusCode(status).withContentType(MediaType.APPLICATION_JSON).withBody(body);
	}

	private static HttpResponse html(int status, String body) {
		return response().withStatusCode(status).withContentType(MediaType.TEXT_HTML_UTF_8).withBody(body);
	}

}
