package net.erp.spring.boot.autoconfigure;

import java.net.URI;
import java.util.regex.Pattern;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationConvention;

/**
 * HTTP client observation conventions for the ERP.net clients: {@code client.name} names
 * the instance, such as {@code erpnet:demodb.my.erp.net}, and {@code uri} is the path
 * without its query and with keys masked, such as
 * {@code /api/domain/odata/Crm_Sales_Customers({key})}, so that no tag holds an id or a
 * filter.
 */
final class ErpNetObservationConventions {

	private static final String CLIENT_NAME = "client.name";

	private static final String URI_KEY = "uri";

	static final String INSTANCE = "erpnet.instance";

	private static final Pattern QUERY = Pattern.compile("\\?.*$");

	private static final Pattern KEY = Pattern.compile("\\([^)]*\\)");

	private static final Pattern BEFORE_PATH = Pattern.compile("^https?://[^/]+");

	private ErpNetObservationConventions() {
	}

	static ClientRequestObservationConvention webClient(String clientName, String instanceName) {
		return new org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(
					org.springframework.web.reactive.function.client.ClientRequestObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and(instance(instanceName));
			}

			@Override
			protected KeyValue clientName(
					org.springframework.web.reactive.function.client.ClientRequestObservationContext context) {
				return KeyValue.of(CLIENT_NAME, clientName);
			}

			@Override
			protected KeyValue uri(
					org.springframework.web.reactive.function.client.ClientRequestObservationContext context) {
				ClientRequest request = context.getRequest();
				return KeyValue.of(URI_KEY, path(context.getUriTemplate(), (request != null) ? request.url() : null));
			}

		};
	}

	static DefaultClientRequestObservationConvention restClient(String clientName, String instanceName) {
		return new DefaultClientRequestObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and(instance(instanceName));
			}

			@Override
			protected KeyValue clientName(ClientRequestObservationContext context) {
				return KeyValue.of(CLIENT_NAME, clientName);
			}

			@Override
			protected KeyValue uri(ClientRequestObservationContext context) {
				ClientHttpRequest request = context.getCarrier();
				return KeyValue.of(URI_KEY, path(context.getUriTemplate(), (request != null) ? request.getURI() : null));
			}

		};
	}

	/**
	 * The {@value #INSTANCE} tag: the instance's name, {@code default} for the default
	 * instance.
	 */
	static KeyValue instance(String instanceName) {
		return KeyValue.of(INSTANCE, ErpNetInstance.displayName(instanceName));
	}

	private static String path(@Nullable String uriTemplate, @Nullable URI url) {
		String path = (uriTemplate != null) ? BEFORE_PATH.matcher(uriTemplate).replaceFirst("")
				: (url != null) ? url.getRawPath() : null;
		if (path == null || path.isEmpty()) {
			return "none";
		}
		return KEY.matcher(QUERY.matcher(path).replaceFirst("")).replaceAll("({key})");
	}

}
