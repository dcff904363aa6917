package net.erp.spring.test.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis server, Debian's {@code redis-server}, as a process on a free loopback
 * port, without persistence. Where it is not installed the tests that need it are
 * skipped, except under {@code CI=true}, where they fail: {@code .ci/run} installs it.
 */
public final class RedisServer implements AutoCloseable {

	private static final String EXECUTABLE = "/usr/bin/redis-server";

	private final Process process;

	private final int port;

	private RedisServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static RedisServer start() throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return start(port);
	}

	// On a given port, as a restarted server comes back on its own
	public static RedisServer start(int port) throws IOException, InterruptedException {
		if (!new File(EXECUTABLE).canExecute()) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(EXECUTABLE + " is not installed; .ci/run installs it");
			}
			Assumptions.abort(EXECUTABLE + " is not installed (apt-get install redis-server)");
		}
		Path log = Files.createTempFile("redis-server", ".log");
		Process process = new ProcessBuilder(List.of(EXECUTABLE, "--port", String.valueOf(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return new RedisServer(process, port);
			}
			catch (IOException ex) {
				Thread.sleep(20);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("redis-server did not start: " + Files.readString(log));
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

}
