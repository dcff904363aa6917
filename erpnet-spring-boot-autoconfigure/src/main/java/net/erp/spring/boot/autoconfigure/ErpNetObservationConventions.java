package net.erp.spring.boot.autoconfigure;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.ClientRequestObservationConvention;

/**
 * HTTP client observation conventions that name the ERP.net instance in
 * {@code client.name}, such as {@code erpnet:demodb.my.erp.net}, and otherwise keep
 * Spring's low-cardinality defaults.
 */
final class ErpNetObservationConventions {

	private static final String CLIENT_NAME = "client.name";

	private ErpNetObservationConventions() {
	}

	static ClientRequestObservationConvention webClient(String clientName) {
		return new org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention() {

			@Override
			protected KeyValue clientName(
					org.springframework.web.reactive.function.client.ClientRequestObservationContext context) {
				return KeyValue.of(CLIENT_NAME, clientName);
			}

		};
	}

	static DefaultClientRequestObservationConvention restClient(String clientName) {
		return new DefaultClientRequestObservationConvention() {

			@Override
			protected KeyValue clientName(ClientRequestObservationContext context) {
				return KeyValue.of(CLIENT_NAME, clientName);
			}

		};
	}

}
