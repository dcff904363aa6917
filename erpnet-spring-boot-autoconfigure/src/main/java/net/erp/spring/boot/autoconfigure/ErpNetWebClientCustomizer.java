package net.erp.spring.boot.autoconfigure;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Customizes the builder of the ERP.net {@code WebClient}s only: {@code erpNetWebClient},
 * the client of {@code ReactiveErpNetDomainApi} and those of the {@code erpnet-reactive}
 * HTTP service group. Spring Boot's {@code WebClientCustomizer}s apply to every
 * {@code WebClient} of the application.
 * <p>
 * It runs before the starter sets what keeps the token safe: the HTTP connector (no
 * redirects, the ERP.net timeouts), the observation convention and the token filter. A
 * customizer can add filters, default headers or codecs, but not replace those.
 */
@FunctionalInterface
public interface ErpNetWebClientCustomizer {

	/**
	 * Customize the builder.
	 * @param webClientBuilder the builder
	 */
	void customize(WebClient.Builder webClientBuilder);

}
