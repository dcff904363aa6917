package net.erp.spring.boot.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import net.erp.spring.client.ErpNetException;

/**
 * Thrown when the {@code erpnet.*} properties cannot describe a usable ERP.net client.
 * Lists every problem with the property it concerns and what to set instead.
 */
class InvalidErpNetPropertiesException extends RuntimeException implements ErpNetException {

	private final List<Problem> problems;

	InvalidErpNetPropertiesException(List<Problem> problems) {
		super("Invalid ERP.net configuration: "
				+ problems.stream().map(Problem::description).collect(Collectors.joining(" ")));
		this.problems = List.copyOf(problems);
	}

	List<Problem> getProblems() {
		return this.problems;
	}

	/**
	 * One problem with one property.
	 *
	 * @param property the name of the property, for example {@code erpnet.instance-url}
	 * @param description what is wrong, never showing a secret
	 * @param action what to set instead
	 */
	record Problem(String property, String description, String action) {

	}

}
