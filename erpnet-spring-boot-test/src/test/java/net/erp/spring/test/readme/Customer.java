package net.erp.spring.test.readme;

// tag::customer[]
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

record Customer(@JsonProperty("Id") UUID id, @JsonProperty("Number") String number,
		@JsonProperty("DisplayText") String name, @JsonProperty("Active") boolean active) {
}
// end::customer[]
