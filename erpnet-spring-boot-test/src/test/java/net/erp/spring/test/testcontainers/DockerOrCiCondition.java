package net.erp.spring.test.testcontainers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs container tests where Docker is available, and always on CI ({@code CI=true}), so
 * that a CI machine without Docker fails instead of skipping them.
 */
class DockerOrCiCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			return ConditionEvaluationResult.enabled("CI=true: container tests must run");
		}
		boolean dockerAvailable;
		try {
			dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			dockerAvailable = false;
		}
		return dockerAvailable ? ConditionEvaluationResult.enabled("Docker is available")
				: ConditionEvaluationResult.disabled("Docker is not available (set CI=true to fail instead)");
	}

}
