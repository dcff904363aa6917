package net.erp.spring.client.domain;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One page of a collection response.
 *
 * @param <T> the type of the entities
 * @param value the entities
 * @param nextLink the link to the next page, present only when {@code $top} was sent and
 * more entities match; follow it as it is
 * @param count the number of matching entities, when {@code $count=true} was sent
 */
public record ODataPage<T>(List<T> value, @JsonProperty("@odata.nextLink") @Nullable String nextLink,
		@JsonProperty("@odata.count") @Nullable Long count) {

	public ODataPage {
		value = (value != null) ? List.copyOf(value) : List.of();
	}

}
