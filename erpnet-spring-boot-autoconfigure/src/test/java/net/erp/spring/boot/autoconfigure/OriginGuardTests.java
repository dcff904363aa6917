package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.model.HttpRequest;

import static net.erp.spring.boot.autoconfigure.TokenRequestTests.restClient;
import static net.erp.spring.boot.autoconfigure.TokenRequestTests.webClient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bearer token goes only to the instance's origin.
 */
class OriginGuardTests {

	private final MockErpNet erpNet = new MockErpNet();

	private final List<Optional<String>> otherHostAuthorizations = new CopyOnWriteArrayList<>();

	private HttpServer otherHost;

	// Another loopback host: 127.0.0.2 instead of the instance's 127.0.0.1
	@BeforeEach
	void startOtherHost() throws IOException {
		this.otherHost = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
		this.otherHost.createContext("/elsewhere", (exchange) -> {
			this.otherHostAuthorizations
				.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.otherHost.start();
	}

	@AfterEach
	void stop() {
		this.erpNet.close();
		this.otherHost.stop(0);
	}

	@Test
	void webClientSendsNoTokenToAnotherPortOrHost() {
		this.erpNet.contextRunner().run((context) -> {
			webClient(context).get().uri(this.erpNet.otherPortUrl() + "/elsewhere").retrieve().toBodilessEntity().block();
			webClient(context).get().uri(otherHostUrl() + "/elsewhere").retrieve().toBodilessEntity().block();
			webClient(context).get().uri(this.erpNet.url() + "/elsewhere").retrieve().toBodilessEntity().block();
			assertOnlyTheInstanceGotTheToken();
		});
	}

	@Test
	void restClientSendsNoTokenToAnotherPortOrHost() {
		this.erpNet.contextRunner().run((context) -> {
			restClient(context).get().uri(this.erpNet.otherPortUrl() + "/elsewhere").retrieve().toBodilessEntity();
			restClient(context).get().uri(otherHostUrl() + "/elsewhere").retrieve().toBodilessEntity();
			restClient(context).get().uri(this.erpNet.url() + "/elsewhere").retrieve().toBodilessEntity();
			assertOnlyTheInstanceGotTheToken();
		});
	}

	private void assertOnlyTheInstanceGotTheToken() {
		List<HttpRequest> sameServer = this.erpNet.recorded("/elsewhere");
		assertThat(sameServer).hasSize(2);
		assertThat(sameServer.get(0).containsHeader("Authorization")).as("other port").isFalse();
		assertThat(sameServer.get(1).getFirstHeader("Authorization")).as("instance origin")
			.isEqualTo("Bearer " + MockErpNet.token(1));
		assertThat(this.otherHostAuthorizations).as("other host").containsExactly(Optional.empty());
		assertThat(this.erpNet.tokenRequestCount()).isOne();
	}

	private String otherHostUrl() {
		return "http://127.0.0.2:" + this.otherHost.getAddress().getPort();
	}

}
