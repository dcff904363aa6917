package net.erp.spring.test.cluster;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A replica in a JVM of its own, for a test to kill: it starts with the properties given
 * as {@code --name=value} arguments, makes one call and ends.
 */
public final class ReplicaProcess {

	private ReplicaProcess() {
	}

	public static void main(String[] args) {
		try (ConfigurableApplicationContext replica = new SpringApplicationBuilder(Replicas.Replica.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			Replicas.restClient(replica).get().uri(Replicas.CUSTOMERS).retrieve().toBodilessEntity();
		}
	}

}
