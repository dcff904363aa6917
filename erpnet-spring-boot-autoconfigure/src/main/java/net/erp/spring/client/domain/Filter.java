package net.erp.spring.client.domain;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@code $filter} expression built from what ERP.net supports: {@code eq}, {@code ge},
 * {@code le}, {@code in}, {@code and}, and the functions {@code contains},
 * {@code startswith} and {@code endswith}. ERP.net has no {@code or}, {@code ne},
 * {@code gt} or {@code lt}; {@link #raw(String)} is the escape hatch for anything else it
 * may accept.
 * <pre class="code">
 * Filter.eq("Active", true).and(Filter.startsWith("Party/PartyCode", "001")).and(Filter.ge("FromDate", LocalDate.of(2024, 1, 1)))
 * </pre>
 * Values become literals of their type: strings quoted with {@code '} doubled, GUIDs
 * unquoted, dates and date-times as UTC date-times, decimals in plain notation, booleans,
 * enums by name, {@code null}.
 */
public final class Filter {

	private final String expression;

	private Filter(String expression) {
		this.expression = expression;
	}

	/**
	 * {@code property eq value}; {@code value} may be {@code null}.
	 * @param property the property or path, for example {@code Party/PartyCode}
	 * @param value the value
	 * @return the filter
	 */
	public static Filter eq(String property, @Nullable Object value) {
		return comparison(property, "eq", value);
	}

	/**
	 * {@code property eq null}.
	 * @param property the property or path
	 * @return the filter
	 */
	public static Filter isNull(String property) {
		return comparison(property, "eq", null);
	}

	/**
	 * {@code property ge value}.
	 * @param property the property or path
	 * @param value the lower bound, included
	 * @return the filter
	 */
	public static Filter ge(String property, Object value) {
		Assert.notNull(value, "value must not be null");
		return comparison(property, "ge", value);
	}

	/**
	 * {@code property le value}.
	 * @param property the property or path
	 * @param value the upper bound, included
	 * @return the filter
	 */
	public static Filter le(String property, Object value) {
		Assert.notNull(value, "value must not be null");
		return comparison(property, "le", value);
	}

	/**
	 * {@code property in (values...)}.
	 * @param property the property or path
	 * @param values the values, at least one
	 * @return the filter
	 */
	public static Filter in(String property, Collection<?> values) {
		Assert.notEmpty(values, "values must not be empty");
		return new Filter(ODataLiterals.property(property) + " in ("
				+ values.stream().map(ODataLiterals::literal).collect(Collectors.joining(",")) + ")");
	}

	/**
	 * {@code property in (values...)}.
	 * @param property the property or path
	 * @param values the values, at least one
	 * @return the filter
	 */
	public static Filter in(String property, Object... values) {
		return in(property, Arrays.asList(values));
	}

	/**
	 * {@code contains(property, 'text')}.
	 * @param property the property or path
	 * @param text the text to find
	 * @return the filter
	 */
	public static Filter contains(String property, String text) {
		return function("contains", property, text);
	}

	/**
	 * {@code startswith(property, 'text')}.
	 * @param property the property or path
	 * @param text the prefix
	 * @return the filter
	 */
	public static Filter startsWith(String property, String text) {
		return function("startswith", property, text);
	}

	/**
	 * {@code endswith(property, 'text')}.
	 * @param property the property or path
	 * @param text the suffix
	 * @return the filter
	 */
	public static Filter endsWith(String property, String text) {
		return function("endswith", property, text);
	}

	/**
	 * A filter expression written by hand, sent as it is (it is still percent-encoded).
	 * @param expression the expression
	 * @return the filter
	 */
	public static Filter raw(String expression) {
		Assert.hasText(expression, "expression must not be empty");
		return new Filter(expression);
	}

	/**
	 * Both this filter and the other.
	 * @param other the other filter
	 * @return the conjunction
	 */
	public Filter and(Filter other) {
		Assert.notNull(other, "other must not be null");
		return new Filter(this.expression + " and " + other.expression);
	}

	private static Filter comparison(String property, String operator, @Nullable Object value) {
		return new Filter(ODataLiterals.property(property) + " " + operator + " " + ODataLiterals.literal(value));
	}

	private static Filter function(String function, String property, String text) {
		Assert.notNull(text, "text must not be null");
		return new Filter(function + "(" + ODataLiterals.property(property) + "," + ODataLiterals.literal(text) + ")");
	}

	/**
	 * The expression, as it goes into {@code $filter} before percent-encoding.
	 */
	@Override
	public String toString() {
		return this.expression;
	}

}
