package net.erp.spring.boot.autoconfigure;

import net.erp.spring.client.domain.Filter;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.service.invoker.HttpRequestValues;
import org.springframework.web.service.invoker.HttpServiceArgumentResolver;

/**
 * Sends a {@link Filter} argument of an ERP.net {@code @HttpExchange} method as
 * {@code $filter}, with or without {@code @RequestParam("$filter")}: Spring's conversion
 * service has no way to turn it into text, and a filter has no other place in a query.
 */
final class FilterArgumentResolver implements HttpServiceArgumentResolver {

	private static final String FILTER = "$filter";

	@Override
	public boolean resolve(@Nullable Object argument, MethodParameter parameter,
			HttpRequestValues.Builder requestValues) {
		if (!Filter.class.equals(parameter.getNestedParameterType())) {
			return false;
		}
		if (argument != null) {
			requestValues.addRequestParameter(FILTER, argument.toString());
		}
		return true;
	}

}
