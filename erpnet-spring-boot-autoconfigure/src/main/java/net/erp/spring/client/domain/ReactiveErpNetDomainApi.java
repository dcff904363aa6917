package net.erp.spring.client.domain;

import java.net.URI;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import net.erp.spring.client.ErpNetApiException;
import net.erp.spring.client.ErpNetStatusHandlers;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Domain API of an ERP.net instance, reactive: queries, paging over all matching
 * entities, single entities, writes and server-side transactions, through the
 * token-managed {@code WebClient} (and so with its concurrency limit and retry policy).
 * <p>
 * Entities map to the given type: your own records or classes, or {@link JsonNode}.
 * Error answers become {@link ErpNetApiException}s.
 *
 * @see ErpNetDomainApi
 */
public final class ReactiveErpNetDomainApi {

	/**
	 * The name of the HTTP service group whose reactive interfaces call the Domain API
	 * through the token-managed {@code WebClient}; it is declared with
	 * {@code clientType = HttpServiceGroup.ClientType.WEB_CLIENT}.
	 * @see ErpNetDomainApi#HTTP_SERVICE_GROUP
	 */
	public static final String HTTP_SERVICE_GROUP = "erpnet-reactive";

	/**
	 * The largest page ERP.net serves well; pages are never larger.
	 */
	public static final int MAX_PAGE_SIZE = 1000;

	private final WebClient webClient;

	private final DomainApiRequests requests;

	/**
	 * Create a new instance.
	 * @param webClient the token-managed client of the instance
	 * @param root the absolute URL of the Domain API root, ending with {@code /}
	 * @param pageSize the page size of {@link #findAll(Query, Class)}, at most
	 * {@value #MAX_PAGE_SIZE}
	 */
	public ReactiveErpNetDomainApi(WebClient webClient, URI root, int pageSize) {
		Assert.notNull(webClient, "webClient cannot be null");
		this.webClient = webClient;
		this.requests = new DomainApiRequests(root, pageSize);
	}

	/**
	 * Every entity the query matches, read page by page as the subscriber asks for them:
	 * the next page is fetched only on demand, by following {@code @odata.nextLink}, and
	 * not at all after cancellation. A {@code top} on the query limits the total.
	 * @param <T> the type of the entities
	 * @param query the query
	 * @param type the type of the entities
	 * @return the entities
	 */
	public <T> Flux<T> findAll(Query query, Class<T> type) {
		ParameterizedTypeReference<ODataPage<T>> pageType = DomainApiRequests.pageType(type);
		Flux<T> entities = get(this.requests.firstPage(query), pageType, null)
			.expand((page) -> (page.nextLink() != null) ? nextPage(page.nextLink(), pageType) : Mono.empty())
			.concatMapIterable(ODataPage::value, 1);
		return query.top().isPresent() ? entities.take(query.top().getAsInt(), true) : entities;
	}

	/**
	 * One page: a single request with the query's options as they are.
	 * @param <T> the type of the entities
	 * @param query the query
	 * @param type the type of the entities
	 * @return the page
	 */
	public <T> Mono<ODataPage<T>> findPage(Query query, Class<T> type) {
		return get(this.requests.query(query), DomainApiRequests.pageType(type), null);
	}

	/**
	 * The number of entities the query's filter matches ({@code /$count}).
	 * @param query the query
	 * @return the number
	 */
	public Mono<Long> count(Query query) {
		return get(this.requests.count(query), new ParameterizedTypeReference<String>() {
		}, null).map((count) -> Long.parseLong(count.strip()));
	}

	/**
	 * One entity by its key, with the query's {@code $select} and {@code $expand}.
	 * @param <T> the type of the entity
	 * @param query the entity set and options
	 * @param id the key
	 * @param type the type of the entity
	 * @return the entity; an {@link ErpNetApiException} with status 404 if there is none
	 */
	public <T> Mono<T> findById(Query query, UUID id, Class<T> type) {
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
	public <T> Mono<T> create(String entitySet, Object entity, Class<T> type) {
		return create(entitySet, entity, type, null);
	}

	/**
	 * Change some attributes of an entity ({@code PATCH}).
	 * @param entitySet the entity set
	 * @param id the key
	 * @param changes the attributes to change
	 * @return completion
	 */
	public Mono<Void> update(String entitySet, UUID id, Object changes) {
		return update(entitySet, id, changes, null);
	}

	/**
	 * Delete an entity.
	 * @param entitySet the entity set
	 * @param id the key
	 * @return completion
	 */
	public Mono<Void> delete(String entitySet, UUID id) {
		return delete(entitySet, id, null);
	}

	/**
	 * Run work in a server-side transaction: it begins before the work, commits when the
	 * work completes, and rolls back when the work fails or is cancelled, so it never
	 * stays open.
	 * @param <R> the type of the work's result
	 * @param options how to begin the transaction
	 * @param work what to do in it
	 * @return the work's result, after the commit
	 */
	public <R> Mono<R> inTransaction(ErpNetTransactionOptions options, Function<ReactiveErpNetTransaction, Mono<R>> work) {
		Assert.notNull(options, "options cannot be null");
		Assert.notNull(work, "work cannot be null");
		return Mono.usingWhen(begin(options), work, (transaction) -> end(transaction, true),
				(transaction, error) -> end(transaction, false), (transaction) -> end(transaction, false));
	}

	private Mono<ReactiveErpNetTransaction> begin(ErpNetTransactionOptions options) {
		return exchange(HttpMethod.POST, this.requests.operation("BeginTransaction"),
				DomainApiRequests.beginBody(options), null, new ParameterizedTypeReference<String>() {
				})
			.map((body) -> new ReactiveErpNetTransaction(this, DomainApiRequests.transactionId(body)));
	}

	private Mono<Void> end(ReactiveErpNetTransaction transaction, boolean commit) {
		return execute(HttpMethod.POST, this.requests.operation("EndTransaction"), DomainApiRequests.endBody(commit),
				transaction.id());
	}

	<T> Mono<T> create(String entitySet, Object entity, Class<T> type, @Nullable String transactionId) {
		return exchange(HttpMethod.POST, this.requests.entitySet(entitySet), entity, transactionId,
				ParameterizedTypeReference.forType(type));
	}

	Mono<Void> update(String entitySet, UUID id, Object changes, @Nullable String transactionId) {
		return execute(HttpMethod.PATCH, this.requests.entity(entitySet, id), changes, transactionId);
	}

	Mono<Void> delete(String entitySet, UUID id, @Nullable String transactionId) {
		return execute(HttpMethod.DELETE, this.requests.entity(entitySet, id), null, transactionId);
	}

	Mono<JsonNode> changes(String transactionId) {
		return get(this.requests.operation("GetChanges"), ParameterizedTypeReference.forType(JsonNode.class),
				transactionId);
	}

	private <T> Mono<ODataPage<T>> nextPage(String nextLink, ParameterizedTypeReference<ODataPage<T>> pageType) {
		// expand subscribes to the next page as soon as the last one is complete, and a
		// WebClient sends on subscription. The request waits for the subscriber to ask for
		// more: hide() keeps flatMap from mapping the link at once on subscription
		return Mono.just(nextLink).hide().flatMap((link) -> get(this.requests.nextPage(link), pageType, null));
	}

	private <T> Mono<T> get(URI uri, ParameterizedTypeReference<T> type, @Nullable String transactionId) {
		return exchange(HttpMethod.GET, uri, null, transactionId, type);
	}

	private <T> Mono<T> exchange(HttpMethod method, URI uri, @Nullable Object body, @Nullable String transactionId,
			ParameterizedTypeReference<T> type) {
		return retrieve(method, uri, body, transactionId).bodyToMono(type);
	}

	private Mono<Void> execute(HttpMethod method, URI uri, @Nullable Object body, @Nullable String transactionId) {
		return retrieve(method, uri, body, transactionId).toBodilessEntity().then();
	}

	private WebClient.ResponseSpec retrieve(HttpMethod method, URI uri, @Nullable Object body,
			@Nullable String transactionId) {
		WebClient.RequestBodySpec request = this.webClient.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
		if (transactionId != null) {
			request.header(DomainApiRequests.TRANSACTION_ID_HEADER, transactionId);
		}
		WebClient.RequestHeadersSpec<?> spec = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		return spec.retrieve().onStatus(HttpStatusCode::isError, ErpNetStatusHandlers.webClient());
	}

}
