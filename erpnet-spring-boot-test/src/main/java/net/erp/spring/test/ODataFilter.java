package net.erp.spring.test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The subset of OData {@code $filter} that ERP.net supports: {@code eq}, {@code ge},
 * {@code le}, {@code in}, {@code and}, and {@code contains}, {@code startswith},
 * {@code endswith}. Anything else (such as {@code or}) is rejected, as the instance does.
 */
final class ODataFilter {

	private static final Pattern TOKEN = Pattern
		.compile("\\s*(?:('(?:[^']|'')*')|([(),])|([^\\s(),']+))");

	private final List<String> tokens;

	private int position;

	private ODataFilter(String filter) {
		this.tokens = tokenize(filter);
	}

	/**
	 * Parse a {@code $filter} expression.
	 * @param filter the expression
	 * @return a predicate on entities
	 * @throws IllegalArgumentException if the expression is not in the supported subset
	 */
	static Predicate<JsonNode> parse(String filter) {
		ODataFilter parser = new ODataFilter(filter);
		Predicate<JsonNode> predicate = parser.conjunction();
		if (parser.position != parser.tokens.size()) {
			throw new IllegalArgumentException("Unsupported $filter syntax near '" + parser.peek() + "'");
		}
		return predicate;
	}

	private Predicate<JsonNode> conjunction() {
		Predicate<JsonNode> predicate = clause();
		while ("and".equals(peek())) {
			this.position++;
			predicate = predicate.and(clause());
		}
		return predicate;
	}

	private Predicate<JsonNode> clause() {
		String token = next();
		if ("(".equals(token)) {
			Predicate<JsonNode> inner = conjunction();
			expect(")");
			return inner;
		}
		String function = token.toLowerCase(Locale.ROOT);
		if (function.equals("contains") || function.equals("startswith") || function.equals("endswith")) {
			expect("(");
			String path = next();
			expect(",");
			Object argument = literal(next());
			expect(")");
			if (!(argument instanceof String text)) {
				throw new IllegalArgumentException(token + " needs a string argument");
			}
			String needle = text.toLowerCase(Locale.ROOT);
			return (entity) -> {
				String value = text(resolve(entity, path));
				return value != null && switch (function) {
					case "contains" -> value.toLowerCase(Locale.ROOT).contains(needle);
					case "startswith" -> value.toLowerCase(Locale.ROOT).startsWith(needle);
					default -> value.toLowerCase(Locale.ROOT).endsWith(needle);
				};
			};
		}
		String path = token;
		String operator = next();
		switch (operator) {
			case "eq" -> {
				Object expected = literal(next());
				return (entity) -> compare(resolve(entity, path), expected) == 0;
			}
			case "ge" -> {
				Object bound = literal(next());
				return (entity) -> compare(resolve(entity, path), bound) >= 0;
			}
			case "le" -> {
				Object bound = literal(next());
				return (entity) -> {
					int comparison = compare(resolve(entity, path), bound);
					return comparison <= 0 && comparison != Integer.MIN_VALUE;
				};
			}
			case "in" -> {
				expect("(");
				List<Object> values = new ArrayList<>();
				values.add(literal(next()));
				while (",".equals(peek())) {
					this.position++;
					values.add(literal(next()));
				}
				expect(")");
				return (entity) -> values.stream().anyMatch((value) -> compare(resolve(entity, path), value) == 0);
			}
			default -> throw new IllegalArgumentException("The operator '" + operator + "' is not supported");
		}
	}

	/**
	 * Compare a JSON value with a literal: 0 if equal, negative or positive for order, and
	 * {@link Integer#MIN_VALUE} when the two cannot be compared.
	 */
	private static int compare(@Nullable JsonNode node, @Nullable Object literal) {
		if (node == null || node.isNull()) {
			return (literal == null) ? 0 : Integer.MIN_VALUE;
		}
		if (literal == null) {
			return Integer.MIN_VALUE;
		}
		if (literal instanceof BigDecimal number) {
			return node.isNumber() ? node.decimalValue().compareTo(number) : Integer.MIN_VALUE;
		}
		if (literal instanceof Boolean flag) {
			return (node.isBoolean() && node.booleanValue() == flag) ? 0 : Integer.MIN_VALUE;
		}
		String value = text(node);
		return (value != null) ? value.compareToIgnoreCase((String) literal) : Integer.MIN_VALUE;
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isObject()) {
			// A reference compares by its @odata.id, as ERP.net filters references
			JsonNode id = node.get("@odata.id");
			return (id != null) ? id.asText() : null;
		}
		return node.asText();
	}

	private static @Nullable JsonNode resolve(JsonNode entity, String path) {
		JsonNode node = entity;
		for (String segment : path.split("/")) {
			node = (node != null) ? node.get(segment) : null;
		}
		return node;
	}

	private static @Nullable Object literal(String token) {
		if (token.startsWith("'")) {
			return token.substring(1, token.length() - 1).replace("''", "'");
		}
		if (token.equals("null")) {
			return null;
		}
		if (token.equals("true") || token.equals("false")) {
			return Boolean.valueOf(token);
		}
		if (token.matches("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?[mMdDfFlL]?")) {
			return new BigDecimal(token.replaceAll("[mMdDfFlL]$", ""));
		}
		// GUIDs, dates and date-times are written without quotes
		return token;
	}

	private String next() {
		if (this.position >= this.tokens.size()) {
			throw new IllegalArgumentException("The $filter expression ends too early");
		}
		return this.tokens.get(this.position++);
	}

	private @Nullable String peek() {
		return (this.position < this.tokens.size()) ? this.tokens.get(this.position) : null;
	}

	private void expect(String token) {
		String actual = next();
		if (!token.equals(actual)) {
			throw new IllegalArgumentException("Expected '" + token + "' but found '" + actual + "' in $filter");
		}
	}

	private static List<String> tokenize(String filter) {
		List<String> tokens = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(filter);
		int end = 0;
		while (end < filter.length() && matcher.find(end) && matcher.start() == end) {
			String token = (matcher.group(1) != null) ? matcher.group(1)
					: (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
			if (token != null) {
				tokens.add(token);
			}
			end = matcher.end();
		}
		if (!filter.substring(end).isBlank()) {
			throw new IllegalArgumentException("Unsupported $filter syntax at '" + filter.substring(end) + "'");
		}
		return tokens;
	}

}
