package net.erp.spring.boot.autoconfigure;

import org.springframework.web.client.RestClient;

/**
 * Customizes the builder of the ERP.net {@code RestClient}s only:
 * {@code erpNetRestClient}, the client of {@code ErpNetDomainApi} and those of the
 * {@code erpnet} HTTP service group. Spring Boot's {@code RestClientCustomizer}s apply to
 * every {@code RestClient} of the application.
 * <p>
 * It runs before the starter sets what keeps the token safe: the request factory (no
 * redirects, the ERP.net timeouts), the observation convention and the token
 * interceptor. A customizer can add interceptors, default headers or message converters,
 * but not replace those.
 */
@FunctionalInterface
public interface ErpNetRestClientCustomizer {

	/**
	 * Customize the builder.
	 * @param restClientBuilder the builder
	 */
	void customize(RestClient.Builder restClientBuilder);

}
