package net.erp.spring.client.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A query on an entity set: {@code $filter}, {@code $select}, {@code $expand},
 * {@code $orderby}, {@code $top}, {@code $skip} and {@code $count}. Immutable; every
 * method returns a new query.
 * <pre class="code">
 * Query.from("Crm_Sales_Customers").filter(Filter.eq("Active", true)).select("Number", "DisplayText").orderBy("Number")
 * </pre>
 */
public final class Query {

	private final String entitySet;

	private final @Nullable Filter filter;

	private final List<String> select;

	private final List<String> expand;

	private final List<String> orderBy;

	private final @Nullable Integer top;

	private final @Nullable Integer skip;

	private final boolean count;

	private Query(String entitySet, @Nullable Filter filter, List<String> select, List<String> expand,
			List<String> orderBy, @Nullable Integer top, @Nullable Integer skip, boolean count) {
		this.entitySet = entitySet;
		this.filter = filter;
		this.select = List.copyOf(select);
		this.expand = List.copyOf(expand);
		this.orderBy = List.copyOf(orderBy);
		this.top = top;
		this.skip = skip;
		this.count = count;
	}

	/**
	 * A query of every entity of the set.
	 * @param entitySet the entity set, for example {@code Crm_Sales_Customers}
	 * @return the query
	 */
	public static Query from(String entitySet) {
		return new Query(ODataLiterals.entitySet(entitySet), null, List.of(), List.of(), List.of(), null, null, false);
	}

	/**
	 * Keep the entities that match the filter, in addition to any filter already set.
	 * @param filter the filter
	 * @return the query
	 */
	public Query filter(Filter filter) {
		Assert.notNull(filter, "filter must not be null");
		Filter combined = (this.filter != null) ? this.filter.and(filter) : filter;
		return new Query(this.entitySet, combined, this.select, this.expand, this.orderBy, this.top, this.skip,
				this.count);
	}

	/**
	 * Return only these properties ({@code $select}).
	 * @param properties the properties
	 * @return the query
	 */
	public Query select(String... properties) {
		List<String> select = new ArrayList<>(this.select);
		for (String property : properties) {
			select.add(ODataLiterals.property(property));
		}
		return new Query(this.entitySet, this.filter, select, this.expand, this.orderBy, this.top, this.skip,
				this.count);
	}

	/**
	 * Expand references ({@code $expand}), for example {@code Party($select=PartyName)}.
	 * @param expansions the expansions, as OData writes them
	 * @return the query
	 */
	public Query expand(String... expansions) {
		List<String> expand = new ArrayList<>(this.expand);
		for (String expansion : expansions) {
			Assert.hasText(expansion, "expansion must not be empty");
			expand.add(expansion);
		}
		return new Query(this.entitySet, this.filter, this.select, expand, this.orderBy, this.top, this.skip,
				this.count);
	}

	/**
	 * Order the results ({@code $orderby}), for example {@code "Number desc"}.
	 * @param clauses property paths, each optionally followed by {@code asc} or
	 * {@code desc}
	 * @return the query
	 */
	public Query orderBy(String... clauses) {
		List<String> orderBy = new ArrayList<>(this.orderBy);
		for (String clause : clauses) {
			String[] parts = clause.trim().split("\\s+");
			Assert.isTrue(parts.length <= 2 && (parts.length == 1 || parts[1].matches("(?i)asc|desc")),
					() -> "'" + clause + "' is not a property optionally followed by asc or desc");
			orderBy.add(ODataLiterals.property(parts[0]) + ((parts.length == 2) ? " " + parts[1].toLowerCase() : ""));
		}
		return new Query(this.entitySet, this.filter, this.select, this.expand, orderBy, this.top, this.skip,
				this.count);
	}

	/**
	 * Return at most this many entities ({@code $top}). When reading all pages, it limits
	 * the total.
	 * @param top the number, at least 0
	 * @return the query
	 */
	public Query top(int top) {
		Assert.isTrue(top >= 0, "top must not be negative");
		return new Query(this.entitySet, this.filter, this.select, this.expand, this.orderBy, top, this.skip,
				this.count);
	}

	/**
	 * Skip this many entities ({@code $skip}).
	 * @param skip the number, at least 0
	 * @return the query
	 */
	public Query skip(int skip) {
		Assert.isTrue(skip >= 0, "skip must not be negative");
		return new Query(this.entitySet, this.filter, this.select, this.expand, this.orderBy, this.top, skip,
				this.count);
	}

	/**
	 * Ask for the total number of matching entities ({@code $count=true}).
	 * @return the query
	 */
	public Query count() {
		return new Query(this.entitySet, this.filter, this.select, this.expand, this.orderBy, this.top, this.skip,
				true);
	}

	/**
	 * The entity set.
	 * @return the entity set
	 */
	public String entitySet() {
		return this.entitySet;
	}

	/**
	 * The {@code $top}, if set.
	 * @return the top
	 */
	public OptionalInt top() {
		return (this.top != null) ? OptionalInt.of(this.top) : OptionalInt.empty();
	}

	/**
	 * This query with another {@code $top}, for reading it page by page.
	 */
	Query withPageSize(int pageSize) {
		return new Query(this.entitySet, this.filter, this.select, this.expand, this.orderBy, pageSize, this.skip,
				this.count);
	}

	/**
	 * The relative URL under the Domain API root, with percent-encoded options, for
	 * example {@code Crm_Sales_Customers?$filter=Active%20eq%20true&$top=10}.
	 * @return the URL
	 */
	public String toUriString() {
		List<String> options = new ArrayList<>();
		if (this.filter != null) {
			options.add(filterOption(this.filter));
		}
		addList(options, "$select", this.select);
		addList(options, "$expand", this.expand);
		addList(options, "$orderby", this.orderBy);
		if (this.top != null) {
			options.add("$top=" + this.top);
		}
		if (this.skip != null) {
			options.add("$skip=" + this.skip);
		}
		if (this.count) {
			options.add("$count=true");
		}
		return this.entitySet + (options.isEmpty() ? "" : "?" + String.join("&", options));
	}

	/**
	 * The options of this query as a query string for {@code /$count}: only
	 * {@code $filter} applies there, and strict OData servers refuse the others.
	 */
	String countOptions() {
		return (this.filter != null) ? "?" + filterOption(this.filter) : "";
	}

	/**
	 * The options of this query as a query string for a single entity: only
	 * {@code $select} and {@code $expand} apply there.
	 */
	String entityOptions() {
		List<String> options = new ArrayList<>();
		addList(options, "$select", this.select);
		addList(options, "$expand", this.expand);
		return options.isEmpty() ? "" : "?" + String.join("&", options);
	}

	private static String filterOption(Filter filter) {
		return "$filter=" + ODataLiterals.encode(filter.toString());
	}

	private static void addList(List<String> options, String name, List<String> values) {
		if (!values.isEmpty()) {
			options.add(name + "=" + ODataLiterals.encode(String.join(",", values)));
		}
	}

	@Override
	public String toString() {
		return toUriString();
	}

}
