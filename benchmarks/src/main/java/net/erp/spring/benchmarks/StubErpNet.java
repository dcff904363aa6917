package net.erp.spring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A fast stand-in for an ERP.net instance on a loopback port, so that the client, not the
 * server, is what the figures measure: a token endpoint that counts its requests and a
 * Domain API answering a small customer page to any request with a bearer token.
 */
final class StubErpNet implements AutoCloseable {

	private static final byte[] PAGE = "{\"value\":[{\"Number\":\"C00001\",\"DisplayText\":\"Summit Sports Equipment Ltd\"}]}"
		.getBytes(StandardCharsets.UTF_8);

	/**
	 * Tokens as long as a typical JWT access token.
	 */
	static final String TOKEN_PADDING = ".eyJ" + "x".repeat(1000);

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final LoopResources loops = LoopResources.create("stub-erpnet", 2, true);

	private final DisposableServer server;

	private volatile long tokenLifetimeSeconds = 3600;

	private volatile Duration tokenDelay = Duration.ofMillis(5);

	StubErpNet() {
		// Its own event loops: on the clients' shared ones, a client connection and its server
		// end would sometimes share a thread and sometimes not, and that luck, rather than
		// the client, would make a contender fast or slow
		this.server = HttpServer.create()
			.runOn(this.loops)
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/id/connect/token", (request, response) -> request.receive()
				.then(Mono.delay(this.tokenDelay))
				.then(response.header("Content-Type", "application/json")
					.sendString(Mono.fromSupplier(() -> "{\"access_token\":\"token-" + this.tokenRequests.incrementAndGet()
							+ TOKEN_PADDING + "\",\"expires_in\":" + this.tokenLifetimeSeconds + ",\"token_type\":\"Bearer\"}"))
					.then()))
				.get("/api/domain/odata/{set}", (request, response) -> request.requestHeaders()
					.contains("Authorization")
						? response.header("Content-Type", "application/json").sendByteArray(Mono.just(PAGE))
						: response.status(HttpResponseStatus.UNAUTHORIZED).send()))
			.bindNow();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	void resetTokenRequests() {
		this.tokenRequests.set(0);
	}

	void tokenLifetimeSeconds(long seconds) {
		this.tokenLifetimeSeconds = seconds;
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater().block();
	}

}
