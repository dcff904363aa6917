package net.erp.spring.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;
import org.mockserver.model.MediaType;
import org.mockserver.model.Parameter;

import static org.mockserver.model.HttpResponse.response;

/**
 * The Domain API (OData v4) of the emulated instance: entity sets with {@code $filter},
 * {@code $select}, {@code $orderby}, {@code $top}, {@code $skip}, {@code $count} and
 * {@code @odata.nextLink} paging (only when {@code $top} is sent, as the real API does),
 * get by key, and create, partial update and delete.
 */
final class DomainApi {

	static final String PATH = "/api/domain/odata/";

	private static final Pattern KEY_SEGMENT = Pattern.compile("([A-Za-z0-9_]+)\\(([0-9a-fA-F-]{36})\\)");

	private static final MediaType ODATA_JSON = MediaType
		.parse("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");

	private static final ObjectMapper objectMapper = new ObjectMapper();

	private final String root;

	private final Map<String, Map<String, ObjectNode>> entitySets = new ConcurrentHashMap<>();

	private final Transactions transactions = new Transactions();

	DomainApi(String root, Map<String, List<ObjectNode>> entitySets) {
		this.root = root;
		entitySets.forEach(this::put);
	}

	private void put(String entitySet, List<ObjectNode> entities) {
		Map<String, ObjectNode> byId = new LinkedHashMap<>();
		for (ObjectNode entity : entities) {
			String id = entity.path("Id").asText(null);
			if (id == null) {
				String odataId = entity.path("@odata.id").asText("");
				Matcher matcher = KEY_SEGMENT.matcher(odataId);
				id = matcher.matches() ? matcher.group(2) : UUID.randomUUID().toString();
			}
			ObjectNode stored = objectMapper.createObjectNode();
			stored.put("@odata.id", entitySet + "(" + id + ")");
			stored.setAll(entity);
			byId.put(id.toLowerCase(), stored);
		}
		this.entitySets.put(entitySet, Collections.synchronizedMap(byId));
	}

	HttpResponse handle(HttpRequest request, Set<String> scopes) {
		String resource = request.getPath().getValue().substring(PATH.length());
		String method = request.getMethod().getValue();
		boolean write = !method.equals("GET") && !method.equals("HEAD");
		if (write && !scopes.contains("update")) {
			return error(403, "UnauthorizedAccessException",
					"The access token does not have the 'update' scope needed to change data.");
		}
		Matcher key = KEY_SEGMENT.matcher(resource);
		try {
			HttpResponse transactionResponse = this.transactions.handle(resource, request);
			if (transactionResponse != null) {
				return transactionResponse;
			}
			if (key.matches()) {
				return entity(method, key.group(1), key.group(2).toLowerCase(), request);
			}
			if (resource.endsWith("/$count") && method.equals("GET")) {
				List<ObjectNode> matching = query(set(resource.substring(0, resource.length() - 7)), request);
				return response().withStatusCode(200)
					.withContentType(MediaType.TEXT_PLAIN)
					.withBody(Integer.toString(matching.size()));
			}
			Map<String, ObjectNode> set = set(resource);
			return switch (method) {
				case "GET" -> collection(resource, set, request);
				case "POST" -> create(resource, set, request);
				default -> error(405, "NotSupportedException", "The method " + method + " is not supported on '"
						+ resource + "'.");
			};
		}
		catch (NotFound ex) {
			return error(404, "ODataException", ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return error(400, "ODataException", ex.getMessage());
		}
	}

	private Map<String, ObjectNode> set(String name) {
		Map<String, ObjectNode> set = this.entitySets.get(name);
		if (set == null) {
			throw new NotFound("Resource not found for the segment '" + name + "'.");
		}
		return set;
	}

	private HttpResponse collection(String name, Map<String, ObjectNode> set, HttpRequest request) {
		List<ObjectNode> matching = query(set, request);
		int skip = intParameter(request, "$skip", 0);
		Integer top = (request.getFirstQueryStringParameter("$top").isEmpty()) ? null
				: intParameter(request, "$top", 0);
		List<ObjectNode> page = matching.stream()
			.skip(skip)
			.limit((top != null) ? top : Long.MAX_VALUE)
			.map((entity) -> select(entity, request.getFirstQueryStringParameter("$select")))
			.toList();
		ObjectNode body = objectMapper.createObjectNode();
		body.put("@odata.context", this.root + "$metadata#" + name);
		if ("true".equalsIgnoreCase(request.getFirstQueryStringParameter("$count"))) {
			body.put("@odata.count", matching.size());
		}
		if (top != null && skip + top < matching.size()) {
			body.put("@odata.nextLink", nextLink(name, request, skip + top));
		}
		ArrayNode value = body.putArray("value");
		page.forEach(value::add);
		return json(200, body);
	}

	private List<ObjectNode> query(Map<String, ObjectNode> set, HttpRequest request) {
		String filter = request.getFirstQueryStringParameter("$filter");
		Predicate<JsonNode> predicate = filter.isBlank() ? (entity) -> true : ODataFilter.parse(filter);
		List<ObjectNode> matching;
		synchronized (set) {
			matching = set.values().stream().filter(predicate).collect(Collectors.toCollection(ArrayList::new));
		}
		String orderBy = request.getFirstQueryStringParameter("$orderby");
		if (!orderBy.isBlank()) {
			matching.sort(ordering(orderBy));
		}
		return matching;
	}

	private static Comparator<ObjectNode> ordering(String orderBy) {
		Comparator<ObjectNode> ordering = (left, right) -> 0;
		for (String clause : orderBy.split(",")) {
			String[] parts = clause.trim().split("\\s+");
			Comparator<ObjectNode> byProperty = Comparator.comparing(
					(ObjectNode entity) -> entity.path(parts[0]).asText(""), String.CASE_INSENSITIVE_ORDER);
			ordering = ordering.thenComparing((parts.length > 1 && parts[1].equalsIgnoreCase("desc"))
					? byProperty.reversed() : byProperty);
		}
		return ordering;
	}

	private static ObjectNode select(ObjectNode entity, String select) {
		if (select.isBlank()) {
			return entity;
		}
		Set<String> properties = Arrays.stream(select.split(",")).map(String::trim).collect(Collectors.toSet());
		ObjectNode selected = objectMapper.createObjectNode();
		Iterator<Map.Entry<String, JsonNode>> fields = entity.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			if (field.getKey().equals("@odata.id") || properties.contains(field.getKey())) {
				selected.set(field.getKey(), field.getValue());
			}
		}
		return selected;
	}

	private String nextLink(String name, HttpRequest request, int skip) {
		StringBuilder link = new StringBuilder(this.root).append(name).append('?');
		for (Parameter parameter : request.getQueryStringParameterList()) {
			String parameterName = parameter.getName().getValue();
			if (!parameterName.equals("$skip")) {
				parameter.getValues()
					.forEach((value) -> link.append(encode(parameterName))
						.append('=')
						.append(encode(value.getValue()))
						.append('&'));
			}
		}
		return link.append(encode("$skip")).append('=').append(skip).toString();
	}

	private HttpResponse entity(String method, String name, String id, HttpRequest request) {
		Map<String, ObjectNode> set = set(name);
		ObjectNode entity = set.get(id);
		if (entity == null) {
			throw new NotFound("No " + name + " with key " + id + ".");
		}
		switch (method) {
			case "GET" -> {
				ObjectNode body = objectMapper.createObjectNode();
				body.put("@odata.context", this.root + "$metadata#" + name + "/$entity");
				body.setAll(select(entity, request.getFirstQueryStringParameter("$select")));
				return json(200, body);
			}
			case "PATCH" -> {
				ObjectNode changes = body(request);
				changes.remove(List.of("@odata.id", "Id"));
				this.transactions.apply(request, "update", name, id, changes, () -> {
					synchronized (set) {
						entity.setAll(changes);
					}
				});
				return response().withStatusCode(204);
			}
			case "DELETE" -> {
				this.transactions.apply(request, "delete", name, id, objectMapper.createObjectNode(),
						() -> set.remove(id));
				return response().withStatusCode(204);
			}
			default -> {
				return error(405, "NotSupportedException", "The method " + method + " is not supported on '" + name
						+ "(" + id + ")'.");
			}
		}
	}

	private HttpResponse create(String name, Map<String, ObjectNode> set, HttpRequest request) {
		ObjectNode values = body(request);
		String id = values.path("Id").asText(UUID.randomUUID().toString()).toLowerCase();
		ObjectNode entity = objectMapper.createObjectNode();
		entity.put("@odata.id", name + "(" + id + ")");
		entity.put("Id", id);
		values.remove(List.of("@odata.id", "Id"));
		entity.setAll(values);
		this.transactions.apply(request, "insert", name, id, values, () -> set.put(id, entity));
		ObjectNode body = objectMapper.createObjectNode();
		body.put("@odata.context", this.root + "$metadata#" + name + "/$entity");
		body.setAll(entity);
		return json(201, body);
	}

	private static ObjectNode body(HttpRequest request) {
		try {
			JsonNode body = objectMapper.readTree(request.getBodyAsString());
			if (body instanceof ObjectNode object) {
				return object;
			}
		}
		catch (JsonProcessingException ex) {
			// answered below
		}
		throw new IllegalArgumentException("The request body must be a JSON object.");
	}

	private static int intParameter(HttpRequest request, String name, int defaultValue) {
		String value = request.getFirstQueryStringParameter(name);
		if (value.isBlank()) {
			return defaultValue;
		}
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new IllegalArgumentException("The value '" + value + "' of " + name + " is not a valid count.");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static HttpResponse json(int status, ObjectNode body) {
		return response().withStatusCode(status)
			.withContentType(ODATA_JSON)
			.withHeader("OData-Version", "4.0")
			.withBody(body.toString());
	}

	static HttpResponse error(int status, String type, @Nullable String message) {
		return response().withStatusCode(status)
			.withContentType(MediaType.APPLICATION_JSON)
			.withBody(ErpNetErrors.body(0, type, String.valueOf(message)));
	}

	/**
	 * Server-side transactions: {@code BeginTransaction} gives an id, writes that carry it
	 * in the {@code TransactionId} header wait for {@code EndTransaction} with
	 * {@code "commit": true} (the default), and {@code GetChanges} reports them.
	 */
	private static final class Transactions {

		private final Map<String, Transaction> open = new ConcurrentHashMap<>();

		@Nullable HttpResponse handle(String resource, HttpRequest request) {
			switch (resource) {
				case "BeginTransaction" -> {
					JsonNode options = body(request);
					String id = UUID.randomUUID().toString().replace("-", "");
					this.open.put(id, new Transaction(options.path("trackChanges").asBoolean(false)));
					return response().withStatusCode(200).withContentType(MediaType.TEXT_PLAIN).withBody(id);
				}
				case "EndTransaction" -> {
					Transaction transaction = this.open.remove(transactionId(request));
					if (transaction == null) {
						throw invalid(request);
					}
					if (body(request).path("commit").asBoolean(true)) {
						transaction.writes.forEach(Runnable::run);
					}
					return response().withStatusCode(204);
				}
				case "GetChanges" -> {
					Transaction transaction = transaction(request);
					if (transaction == null) {
						throw invalid(request);
					}
					ObjectNode body = objectMapper.createObjectNode();
					body.setAll(transaction.changes);
					return json(200, body);
				}
				default -> {
					return null;
				}
			}
		}

		/**
		 * Run a write now, or keep it for the commit of the request's transaction.
		 */
		void apply(HttpRequest request, String operation, String entitySet, String id, ObjectNode attributes,
				Runnable write) {
			if (transactionId(request).isEmpty()) {
				write.run();
				return;
			}
			Transaction transaction = transaction(request);
			if (transaction == null) {
				throw invalid(request);
			}
			transaction.writes.add(write);
			if (transaction.trackChanges) {
				transaction.changes.withObjectProperty(operation).withObjectProperty(entitySet).set(id, attributes);
			}
		}

		private @Nullable Transaction transaction(HttpRequest request) {
			return this.open.get(transactionId(request));
		}

		private static String transactionId(HttpRequest request) {
			return request.getFirstHeader("TransactionId");
		}

		private static IllegalArgumentException invalid(HttpRequest request) {
			return new IllegalArgumentException("Invalid TransactionId " + transactionId(request));
		}

	}

	private static final class Transaction {

		private final boolean trackChanges;

		private final List<Runnable> writes = new CopyOnWriteArrayList<>();

		private final ObjectNode changes = objectMapper.createObjectNode();

		Transaction(boolean trackChanges) {
			this.trackChanges = trackChanges;
		}

	}

	private static final class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message);
		}

	}

}
