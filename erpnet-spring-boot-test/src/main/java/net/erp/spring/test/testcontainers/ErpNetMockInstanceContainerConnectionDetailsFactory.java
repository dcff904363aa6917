package net.erp.spring.test.testcontainers;

import net.erp.spring.boot.autoconfigure.ErpNetConnectionDetails;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Creates {@link ErpNetConnectionDetails} for an {@code @ServiceConnection}
 * {@link ErpNetMockInstanceContainer}: its URL and the demo trusted application.
 */
class ErpNetMockInstanceContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<ErpNetMockInstanceContainer, ErpNetConnectionDetails> {

	@Override
	protected ErpNetConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<ErpNetMockInstanceContainer> source) {
		return new ErpNetMockInstanceContainerConnectionDetails(source);
	}

	private static final class ErpNetMockInstanceContainerConnectionDetails
			extends ContainerConnectionDetails<ErpNetMockInstanceContainer> implements ErpNetConnectionDetails {

		private ErpNetMockInstanceContainerConnectionDetails(
				ContainerConnectionSource<ErpNetMockInstanceContainer> source) {
			super(source);
		}

		@Override
		public String getInstanceUrl() {
			return getContainer().url();
		}

		@Override
		public String getClientId() {
			return ErpNetMockInstance.DEMO_CLIENT_ID;
		}

		@Override
		public String getClientSecret() {
			return ErpNetMockInstance.DEMO_CLIENT_SECRET;
		}

	}

}
