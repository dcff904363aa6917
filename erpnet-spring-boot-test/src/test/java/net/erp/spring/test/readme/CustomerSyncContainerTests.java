package net.erp.spring.test.readme;

// tag::container-test[]
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import net.erp.spring.test.testcontainers.ErpNetMockInstanceContainer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

@Testcontainers
@SpringBootTest
class CustomerSyncContainerTests {

	@Container
	@ServiceConnection
	static ErpNetMockInstanceContainer erpNet = new ErpNetMockInstanceContainer();

	// inject @ErpNet WebClient / RestClient and test as usual;
	// erpNet.tokenRequestCount(), apiRequestCount(), revokeAllTokens() work across the container
}
// end::container-test[]
