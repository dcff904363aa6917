package net.erp.spring.test.readme;

// tag::launcher[]
import net.erp.spring.test.ErpNetMockInstanceConfiguration;

import org.springframework.boot.SpringApplication;

public class TestMyApplication {

	public static void main(String[] args) {
		SpringApplication.from(MyApplication::main).with(ErpNetMockInstanceConfiguration.class).run(args);
	}

}
// end::launcher[]
