package net.erp.spring.client.domain;

import java.net.URI;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import net.erp.spring.client.ErpNetApiException;
import net.erp.spring.client.ErpNetStatusHandlers;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * The Domain API of an ERP.net instance, blocking: the twin of {@link ReactiveErpNetDomainApi}
 * on the token-managed {@code RestClient}, for back-office jobs.
 */
public final class ErpNetDomainApi {

	/**
	 * The name of the HTTP service group whose blocking interfaces call the Domain API
	 * through the token-managed {@code RestClient}.
	 * @see ReactiveErpNetDomainApi#HTTP_SERVICE_GROUP
	 */
	public static final String HTTP_SERVICE_GROUP = "erpnet";

	private final RestClient restClient;

	private final DomainApiRequests requests;

	/**
	 * Create a new instance.
	 * @param restClient the token-managed client of the instance
	 * @param root the absolute URL of the Domain API root, ending with {@code /}
	 * @param pageSize the page size of {@link #findAll(Query, Class)}, at most
	 * {@value ReactiveErpNetDomainApi#MAX_PAGE_SIZE}
	 */
	public ErpNetDomainApi(RestClient restClient, URI root, int pageSize) {
		Assert.notNull(restClient, "restClient cannot be null");
		this.restClient = restClient;
		this.requests = new DomainApiRequests(root, pageSize);
	}

	/**
	 * Every entity the query matches, as a lazy stream: a page is fetched when the stream
	 * reaches it, by following {@code @odata.nextLink}. A {@code top} on the query limits
	 * the total.
	 * @param <T> the type of the entities
	 * @param query the query
	 * @param type the type of the entities
	 * @return the entities
	 */
	public <T> Stream<T> findAll(Query query, Class<T> type) {
		Iterator<T> pages = new PagingIterator<>(this.requests.firstPage(query), DomainApiRequests.pageType(type));
		Stream<T> entities = StreamSupport
			.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
		return query.top().isPresent() ? entities.limit(query.top().getAsInt()) : entities;
	}

	/**
	 * One page: a single request with the query's options as they are.
	 * @param <T> the type of the entities
	 * @param query the query
	 * @param type the type of the entities
	 * @return the page
	 */
	public <T> ODataPage<T> findPage(Query query, Class<T> type) {
		return get(this.requests.query(query), DomainApiRequests.pageType(type), null);
	}

	/**
	 * The number of entities the query's filter matches ({@code /$count}).
	 * @param query the query
	 * @return the number
	 */
	public long count(Query query) {
		return Long.parseLong(get(this.requests.count(query), new ParameterizedTypeReference<String>() {
		}, null).strip());
	}

	/**
	 * One entity by its key, with the query's {@code $select} and {@code $expand}.
	 * @param <T> the type of the entity
	 * @param query the entity set and options
	 * @param id the key
	 * @param type the type of the entity
	 * @return the entity; an {@link ErpNetApiException} with status 404 if there is none
	 */
	public <T> T findById(Query query, UUID id, Class<T> type) {
		return get(this.requests.entity(query, id), ParameterizedTypeReference.forType(type), null);
	}

	/**
	 * Create an entity ({@code POST}).
	 * @param <T> the type of the result
	 * @param entitySet the entity set
	 * @param entity the attributes of the new entity
	 * @param type the type of the result
	 * @return the created entity, as the server returns it
	 */
	public <T> T create(String entitySet, Object entity, Class<T> type) {
		return create(entitySet, entity, type, null);
	}

	/**
	 * Change some attributes of an entity ({@code PATCH}).
	 * @param entitySet the entity set
	 * @param id the key
	 * @param changes the attributes to change
	 */
	public void update(String entitySet, UUID id, Object changes) {
		update(entitySet, id, changes, null);
	}

	/**
	 * Delete an entity.
	 * @param entitySet the entity set
	 * @param id the key
	 */
	public void delete(String entitySet, UUID id) {
		delete(entitySet, id, null);
	}

	/**
	 * Run work in a server-side transaction: it begins before the work, commits when the
	 * work returns and rolls back when it throws, so it never stays open.
	 * @param <R> the type of the work's result
	 * @param options how to begin the transaction
	 * @param work what to do in it
	 * @return the work's result, after the commit
	 */
	public <R> R inTransaction(ErpNetTransactionOptions options, Function<ErpNetTransaction, R> work) {
		Assert.notNull(options, "options cannot be null");
		Assert.notNull(work, "work cannot be null");
		String body = exchange(HttpMethod.POST, this.requests.operation("BeginTransaction"),
				DomainApiRequests.beginBody(options), null, new ParameterizedTypeReference<String>() {
				});
		ErpNetTransaction transaction = new ErpNetTransaction(this, DomainApiRequests.transactionId(body));
		R result;
		try {
			result = work.apply(transaction);
		}
		catch (RuntimeException | Error ex) {
			try {
				end(transaction, false);
			}
			catch (RuntimeException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			throw ex;
		}
		end(transaction, true);
		return result;
	}

	private void end(ErpNetTransaction transaction, boolean commit) {
		execute(HttpMethod.POST, this.requests.operation("EndTransaction"), DomainApiRequests.endBody(commit),
				transaction.id());
	}

	<T> T create(String entitySet, Object entity, Class<T> type, @Nullable String transactionId) {
		return exchange(HttpMethod.POST, this.requests.entitySet(entitySet), entity, transactionId,
				ParameterizedTypeReference.forType(type));
	}

	void update(String entitySet, UUID id, Object changes, @Nullable String transactionId) {
		execute(HttpMethod.PATCH, this.requests.entity(entitySet, id), changes, transactionId);
	}

	void delete(String entitySet, UUID id, @Nullable String transactionId) {
		execute(HttpMethod.DELETE, this.requests.entity(entitySet, id), null, transactionId);
	}

	JsonNode changes(String transactionId) {
		return get(this.requests.operation("GetChanges"), ParameterizedTypeReference.forType(JsonNode.class),
				transactionId);
	}

	private <T> T get(URI uri, ParameterizedTypeReference<T> type, @Nullable String transactionId) {
		return exchange(HttpMethod.GET, uri, null, transactionId, type);
	}

	private <T> T exchange(HttpMethod method, URI uri, @Nullable Object body, @Nullable String transactionId,
			ParameterizedTypeReference<T> type) {
		T result = retrieve(method, uri, body, transactionId).body(type);
		if (result == null) {
			throw new IllegalStateException("ERP.net answered " + method + " " + uri.getPath() + " without a body");
		}
		return result;
	}

	private void execute(HttpMethod method, URI uri, @Nullable Object body, @Nullable String transactionId) {
		retrieve(method, uri, body, transactionId).toBodilessEntity();
	}

	private RestClient.ResponseSpec retrieve(HttpMethod method, URI uri, @Nullable Object body,
			@Nullable String transactionId) {
		RestClient.RequestBodySpec request = this.restClient.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
		if (transactionId != null) {
			request.header(DomainApiRequests.TRANSACTION_ID_HEADER, transactionId);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().onStatus(HttpStatusCode::isError, ErpNetStatusHandlers.restClient());
	}

	/**
	 * Walks the entities of all pages, fetching a page when the previous one is used up.
	 */
	private final class PagingIterator<T> implements Iterator<T> {

		private final ParameterizedTypeReference<ODataPage<T>> pageType;

		private @Nullable URI next;

		private Iterator<T> current = Collections.emptyIterator();

		PagingIterator(URI first, ParameterizedTypeReference<ODataPage<T>> pageType) {
			this.next = first;
			this.pageType = pageType;
		}

		@Override
		public boolean hasNext() {
			while (!this.current.hasNext() && this.next != null) {
				ODataPage<T> page = get(this.next, this.pageType, null);
				this.next = (page.nextLink() != null) ? ErpNetDomainApi.this.requests.nextPage(page.nextLink())
						: null;
				this.current = page.value().iterator();
			}
			return this.current.hasNext();
		}

		@Override
		public T next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			return this.current.next();
		}

	}

}
