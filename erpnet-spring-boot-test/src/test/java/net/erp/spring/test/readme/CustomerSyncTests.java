package net.erp.spring.test.readme;

// tag::mock-instance-test[]
import org.junit.jupiter.api.Test;

import net.erp.spring.test.AutoConfigureErpNetMockInstance;
import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureErpNetMockInstance
class CustomerSyncTests {

	@Autowired
	CustomerSync customerSync;

	@Autowired
	ErpNetMockInstance erpNet;

	@Test
	void readsCustomersWithOneToken() {
		assertThat(this.customerSync.firstCustomersBlocking()).contains("\"Number\"");
		assertThat(this.customerSync.firstCustomers().block()).contains("\"Number\"");
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

}
// end::mock-instance-test[]
