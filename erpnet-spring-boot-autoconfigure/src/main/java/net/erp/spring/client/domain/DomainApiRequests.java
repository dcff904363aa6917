package net.erp.spring.client.domain;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;

/**
 * What the reactive and the blocking Domain API clients share: the URLs of the requests,
 * the bodies of the transaction calls and the page types.
 */
final class DomainApiRequests {

	/**
	 * The header that puts a request into a server-side transaction.
	 */
	static final String TRANSACTION_ID_HEADER = "TransactionId";

	private final URI root;

	private final int pageSize;

	DomainApiRequests(URI root, int pageSize) {
		Assert.isTrue(root.isAbsolute() && root.getPath().endsWith("/"),
				"root must be the absolute URL of the Domain API root, ending with '/'");
		Assert.isTrue(pageSize >= 1 && pageSize <= ReactiveErpNetDomainApi.MAX_PAGE_SIZE,
				() -> "pageSize must be between 1 and " + ReactiveErpNetDomainApi.MAX_PAGE_SIZE);
		this.root = root;
		this.pageSize = pageSize;
	}

	URI query(Query query) {
		return resolve(query.toUriString());
	}

	/**
	 * The first page of a read of all entities: pages of the configured size, or smaller
	 * when the query asks for fewer entities in all.
	 */
	URI firstPage(Query query) {
		int limit = query.top().orElse(Integer.MAX_VALUE);
		return query(query.withPageSize(Math.min(this.pageSize, limit)));
	}

	/**
	 * The next page's URL, followed as the server sent it.
	 */
	URI nextPage(String nextLink) {
		URI link = URI.create(nextLink);
		return link.isAbsolute() ? link : this.root.resolve(link);
	}

	URI count(Query query) {
		return resolve(query.entitySet() + "/$count" + query.countOptions());
	}

	URI entitySet(String entitySet) {
		return resolve(ODataLiterals.entitySet(entitySet));
	}

	URI entity(String entitySet, UUID id) {
		return resolve(ODataLiterals.entitySet(entitySet) + "(" + id + ")");
	}

	URI entity(Query query, UUID id) {
		return resolve(query.entitySet() + "(" + id + ")" + query.entityOptions());
	}

	URI operation(String name) {
		return resolve(name);
	}

	static Map<String, Object> beginBody(ErpNetTransactionOptions options) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", options.model().value());
		body.put("trackChanges", options.trackChanges());
		return body;
	}

	static Map<String, Object> endBody(boolean commit) {
		return Map.of("commit", commit);
	}

	/**
	 * The transaction id from the body of {@code BeginTransaction}: plain text, though a
	 * JSON string is accepted too.
	 */
	static String transactionId(@Nullable String body) {
		String id = (body != null) ? body.strip().replace("\"", "") : "";
		if (id.isEmpty()) {
			throw new IllegalStateException("ERP.net answered BeginTransaction without a transaction id");
		}
		return id;
	}

	static <T> ParameterizedTypeReference<ODataPage<T>> pageType(Class<T> type) {
		return ParameterizedTypeReference.forType(ResolvableType.forClassWithGenerics(ODataPage.class, type).getType());
	}

	private URI resolve(String relative) {
		return URI.create(this.root + relative);
	}

}
