package net.erp.spring.boot.autoconfigure;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidErpNetPropertiesException}: which {@code erpnet.*} property is
 * wrong and what to set.
 */
class InvalidErpNetPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidErpNetPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidErpNetPropertiesException cause) {
		String description = cause.getProblems()
			.stream()
			.map((problem) -> "    - " + problem.description())
			.collect(Collectors.joining("\n", "The ERP.net client could not be configured:\n\n", ""));
		String action = cause.getProblems()
			.stream()
			.map((problem) -> "    - " + problem.action())
			.collect(Collectors.joining("\n", "Update your application's configuration:\n\n",
					"\n\nTo run without the ERP.net client, set erpnet.enabled=false."));
		return new FailureAnalysis(description, action, cause);
	}

}
