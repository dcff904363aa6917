package net.erp.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A host that is not the instance, on another loopback address (127.0.0.2), as an
 * attacker would run it: it records every request and answers each with a token of its
 * own, so that a client that wrongly follows a redirect there also gets a token to use.
 */
final class OtherHost implements AutoCloseable {

	static final String TOKEN = "eyJ-other-host-token";

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	OtherHost() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders(),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
			byte[] body = ("{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
					+ "\"value\":[]}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.2:" + this.server.getAddress().getPort();
	}

	List<Request> requests() {
		return this.requests;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A request the host received.
	 *
	 * @param method the method
	 * @param path the path
	 * @param headers the headers
	 * @param body the body
	 */
	record Request(String method, String path, Headers headers, String body) {

	}

}
