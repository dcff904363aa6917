package net.erp.spring.sample.aot;

import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Calls an ERP.net instance once through every ErpNet bean and checks its own health,
 * then exits. Built with {@code spring-boot:process-aot}, it runs from the generated
 * bean definitions with {@code -Dspring.aot.enabled=true}.
 */
@SpringBootApplication
@ImportHttpServices(group = ErpNetDomainApi.HTTP_SERVICE_GROUP, types = CustomersApi.class)
@ImportHttpServices(group = ReactiveErpNetDomainApi.HTTP_SERVICE_GROUP, types = ReactiveCustomersApi.class,
		clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
public class AotSampleApplication {

	public static void main(String[] args) {
		SpringApplication.exit(SpringApplication.run(AotSampleApplication.class, args));
	}

}
