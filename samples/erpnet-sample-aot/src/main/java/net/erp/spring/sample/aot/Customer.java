package net.erp.spring.sample.aot;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The customer properties the sample reads.
 */
record Customer(@JsonProperty("Number") String number, @JsonProperty("DisplayText") String displayText) {

	record Page(List<Customer> value) {

	}

}
