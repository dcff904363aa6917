package net.erp.spring.client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Status handlers that turn every error answer of the Domain API into an
 * {@link ErpNetApiException}, for {@code defaultStatusHandler} on a client builder or
 * {@code onStatus} on one call:
 * <pre class="code">
 * restClient.get().uri(...).retrieve()
 *     .onStatus(HttpStatusCode::isError, ErpNetStatusHandlers.restClient())
 * </pre>
 * With {@code erpnet.domain-api.api-exceptions=true} the ERP.net clients have them as
 * their default status handlers.
 */
public final class ErpNetStatusHandlers {

	private ErpNetStatusHandlers() {
	}

	/**
	 * The handler for a {@link RestClient}.
	 * @return a handler that throws an {@link ErpNetApiException}
	 */
	public static RestClient.ResponseSpec.ErrorHandler restClient() {
		return (request, response) -> {
			String body;
			try (InputStream in = response.getBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			throw ErpNetApiException.from(response.getStatusCode().value(), response.getStatusText(), body);
		};
	}

	/**
	 * The handler for a {@link WebClient}.
	 * @return a handler whose {@code Mono} emits an {@link ErpNetApiException}
	 */
	public static Function<ClientResponse, Mono<? extends Throwable>> webClient() {
		return (response) -> response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map((body) -> ErpNetApiException.from(response.statusCode().value(), reasonPhrase(response.statusCode()),
					body));
	}

	private static String reasonPhrase(HttpStatusCode statusCode) {
		return (statusCode instanceof HttpStatus status) ? status.getReasonPhrase() : "HTTP " + statusCode.value();
	}

}
