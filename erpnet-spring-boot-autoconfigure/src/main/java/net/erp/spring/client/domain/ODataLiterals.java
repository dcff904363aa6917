package net.erp.spring.client.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Writes Java values as OData literals the way ERP.net reads them, and checks names.
 */
final class ODataLiterals {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*");

	private ODataLiterals() {
	}

	/**
	 * The literal for a value: strings quoted with {@code '} doubled, GUIDs unquoted,
	 * dates and date-times as ISO-8601 date-times in UTC, decimals in plain notation,
	 * booleans, enums quoted by name, and {@code null}.
	 */
	static String literal(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof CharSequence || value instanceof Character) {
			return "'" + value.toString().replace("'", "''") + "'";
		}
		if (value instanceof Enum<?> enumValue) {
			return "'" + enumValue.name() + "'";
		}
		if (value instanceof UUID || value instanceof Boolean || value instanceof Integer || value instanceof Long
				|| value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
			return value.toString();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (!Double.isFinite(number)) {
				throw new IllegalArgumentException("OData has no literal for " + value);
			}
			return BigDecimal.valueOf(number).toPlainString();
		}
		if (value instanceof LocalDate date) {
			return date.atStartOfDay().atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		}
		if (value instanceof Instant instant) {
			return DateTimeFormatter.ISO_INSTANT.format(instant);
		}
		if (value instanceof OffsetDateTime dateTime) {
			return dateTime.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		}
		if (value instanceof ZonedDateTime dateTime) {
			return dateTime.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		}
		throw new IllegalArgumentException("No OData literal for a " + value.getClass().getName()
				+ ": use a String, number, Boolean, UUID, enum, LocalDate, Instant, OffsetDateTime or ZonedDateTime"
				+ " (a LocalDateTime has no time zone)");
	}

	static String entitySet(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + name + "' is not an entity set name such as Crm_Sales_Customers");
		}
		return name;
	}

	static String property(String path) {
		if (!PATH.matcher(path).matches()) {
			throw new IllegalArgumentException(
					"'" + path + "' is not a property or a path of properties such as Party/PartyCode");
		}
		return path;
	}

	/**
	 * Percent-encode a query option's value; spaces as {@code %20}.
	 */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
