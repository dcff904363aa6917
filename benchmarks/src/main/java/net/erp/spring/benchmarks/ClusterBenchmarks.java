package net.erp.spring.benchmarks;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.web.client.RestClient;

/**
 * Cluster mode's figures, against emulated ERP.net instances that enforce the limits of a
 * session and a local {@code redis-server}: sessions opened and token requests of three
 * replicas with a rolling restart, cluster mode or not; the latency that cluster mode adds
 * to a call; and the 429s and the rate a job flat out gets with pacing and without. Prints
 * a Markdown report and writes it to {@code target/cluster-benchmarks.md} (or the path
 * given as the first argument).
 * <pre>
 * ./mvnw -q -pl benchmarks -am spring-boot:run \
 *     -Dspring-boot.run.main-class=net.erp.spring.benchmarks.ClusterBenchmarks
 * </pre>
 * System properties: {@code minutes} (the replicas' run, default 10), {@code pacingMinutes}
 * (default 2), {@code latencyCalls} (calls per variant, default 5000) and
 * {@code sections} (any of {@code latency,replicas}, default both; the pacing runs with the
 * replicas).
 */
public final class ClusterBenchmarks {

	private static final String CUSTOMERS = ErpNetMockInstance.CUSTOMERS + "?$top=1";

	private static final Duration RUN = Duration.ofMinutes(Integer.getInteger("minutes", 10));

	private static final Duration PACING_RUN = Duration.ofMinutes(Integer.getInteger("pacingMinutes", 2));

	private static final int LATENCY_CALLS = Integer.getInteger("latencyCalls", 5_000);

	private static final int LATENCY_BLOCK = 250;

	private static final int REPLICAS = 3;

	private static final int CALLERS = 4;

	private final int redisPort;

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final StringBuilder report = new StringBuilder();

	private ClusterBenchmarks(int redisPort) {
		this.redisPort = redisPort;
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "target/cluster-benchmarks.md");
		List<String> sections = Arrays.asList(System.getProperty("sections", "latency,replicas").split(","));
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process redis = startRedis(port);
		ClusterBenchmarks benchmarks = new ClusterBenchmarks(port);
		try {
			benchmarks.line("## Cluster mode, run of " + Instant.now());
			benchmarks.line("");
			benchmarks.line("- Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs; Java "
					+ System.getProperty("java.version") + "; " + redisVersion());
			benchmarks.line("");
			if (sections.contains("latency")) {
				benchmarks.latency();
			}
			if (sections.contains("replicas")) {
				benchmarks.replicasAndPacing();
			}
		}
		finally {
			benchmarks.close();
			redis.destroy();
			redis.waitFor();
		}
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, benchmarks.report);
		System.out.println(benchmarks.report);
	}

	// One caller, calls in turn: blocks of each variant back to back, so that drift cancels
	private void latency() {
		try (ErpNetMockInstance erpNet = ErpNetMockInstance.demo().start()) {
			RestClient local = restClient(replica(erpNet, false, "erpnet.domain-api.max-requests-per-minute=0"));
			RestClient cluster = restClient(replica(erpNet, true, "erpnet.domain-api.max-requests-per-minute=0"));
			for (int i = 0; i < 4 * LATENCY_BLOCK; i++) {
				call(local);
				call(cluster);
			}
			long[] localNanos = new long[LATENCY_CALLS];
			long[] clusterNanos = new long[LATENCY_CALLS];
			for (int done = 0; done < LATENCY_CALLS; done += LATENCY_BLOCK) {
				int block = Math.min(LATENCY_BLOCK, LATENCY_CALLS - done);
				boolean clusterFirst = (done / LATENCY_BLOCK) % 2 == 1;
				timeBlock(clusterFirst ? cluster : local, clusterFirst ? clusterNanos : localNanos, done, block);
				timeBlock(clusterFirst ? local : cluster, clusterFirst ? localNanos : clusterNanos, done, block);
			}
			Arrays.sort(localNanos);
			Arrays.sort(clusterNanos);
			line("### Latency per call");
			line("");
			line(LATENCY_CALLS + " calls per variant by one caller, in blocks of " + LATENCY_BLOCK
					+ " taken in turn, after " + 4 * LATENCY_BLOCK + " each to warm up; pacing off in both, so that "
					+ "the figures measure the client; the emulator's own time is in both.");
			line("");
			line("| Variant | Median (µs) | p99 (µs) |");
			line("|---|---:|---:|");
			line("| one replica, cluster mode off | " + micros(localNanos, 50) + " | " + micros(localNanos, 99) + " |");
			line("| cluster mode, local Redis | " + micros(clusterNanos, 50) + " | " + micros(clusterNanos, 99)
					+ " |");
			line("| added by cluster mode | " + (micros(clusterNanos, 50) - micros(localNanos, 50)) + " | "
					+ (micros(clusterNanos, 99) - micros(localNanos, 99)) + " |");
			line("");
		}
	}

	private static void timeBlock(RestClient client, long[] nanos, int from, int count) {
		for (int i = from; i < from + count; i++) {
			long start = System.nanoTime();
			call(client);
			nanos[i] = System.nanoTime() - start;
		}
	}

	private static long micros(long[] sorted, int percentile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1000;
	}

	// The replicas' runs, cluster mode and not, and the pacing runs, all at once
	private void replicasAndPacing() throws Exception {
		List<ErpNetMockInstance> emulators = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				emulators.add(ErpNetMockInstance.demo().enforceSessionLimits().start());
			}
			CompletableFuture<Run> own = CompletableFuture.supplyAsync(() -> replicas(emulators.get(0), false));
			CompletableFuture<Run> shared = CompletableFuture.supplyAsync(() -> replicas(emulators.get(1), true));
			CompletableFuture<Run> paced = CompletableFuture.supplyAsync(() -> pacing(emulators.get(2), true));
			CompletableFuture<Run> unpaced = CompletableFuture.supplyAsync(() -> pacing(emulators.get(3), false));
			line("### Three replicas for " + minutes(RUN) + ", with a rolling restart");
			line("");
			line(REPLICAS + " replicas with " + CALLERS + " callers each, flat out, at default settings. Halfway "
					+ "through, each replica in turn is replaced by a new one (started before the old one stops, "
					+ "10 s apart), as a rolling deploy does.");
			line("");
			line("| Variant | Sessions | Token requests | Calls served | Calls a minute | 429s | Failed calls |");
			line("|---|---:|---:|---:|---:|---:|---:|");
			line(own.get().row("each replica its own token", RUN));
			line(shared.get().row("cluster mode", RUN));
			line("");
			line("### Pacing: one replica flat out for " + minutes(PACING_RUN));
			line("");
			line("One replica, " + CALLERS + " callers flat out, against the emulator's 600 requests a minute; "
					+ "_calls a minute_ against the 600 allowed.");
			line("");
			line("| Variant | Sessions | Token requests | Calls served | Calls a minute | 429s | Failed calls |");
			line("|---|---:|---:|---:|---:|---:|---:|");
			line(paced.get().row("pacing at 600 a minute (default)", PACING_RUN));
			line(unpaced.get().row("pacing off", PACING_RUN));
			line("");
		}
		finally {
			emulators.forEach(ErpNetMockInstance::close);
		}
	}

	private Run replicas(ErpNetMockInstance erpNet, boolean cluster) {
		List<AtomicReference<ConfigurableApplicationContext>> slots = new ArrayList<>();
		for (int i = 0; i < REPLICAS; i++) {
			slots.add(new AtomicReference<>(replica(erpNet, cluster)));
		}
		Run run = new Run(erpNet);
		long end = System.nanoTime() + RUN.toNanos();
		List<CompletableFuture<?>> jobs = new ArrayList<>();
		for (AtomicReference<ConfigurableApplicationContext> slot : slots) {
			for (int i = 0; i < CALLERS; i++) {
				jobs.add(CompletableFuture.runAsync(() -> run.callUntil(() -> restClient(slot.get()), end),
						this.callers));
			}
		}
		sleep(RUN.dividedBy(2));
		for (AtomicReference<ConfigurableApplicationContext> slot : slots) {
			ConfigurableApplicationContext old = slot.getAndSet(replica(erpNet, cluster));
			sleep(Duration.ofSeconds(1));
			old.close();
			sleep(Duration.ofSeconds(10));
		}
		jobs.forEach(CompletableFuture::join);
		return run;
	}

	private Run pacing(ErpNetMockInstance erpNet, boolean paced) {
		RestClient client = restClient(
				replica(erpNet, false, "erpnet.domain-api.max-requests-per-minute=" + (paced ? 600 : 0)));
		Run run = new Run(erpNet);
		long end = System.nanoTime() + PACING_RUN.toNanos();
		List<CompletableFuture<?>> jobs = new ArrayList<>();
		for (int i = 0; i < CALLERS; i++) {
			jobs.add(CompletableFuture.runAsync(() -> run.callUntil(() -> client, end), this.callers));
		}
		jobs.forEach(CompletableFuture::join);
		return run;
	}

	private synchronized ConfigurableApplicationContext replica(ErpNetMockInstance erpNet, boolean cluster,
			String... extra) {
		Map<String, Object> properties = new LinkedHashMap<>(erpNet.demoProperties());
		properties.put("erpnet.cluster.enabled", String.valueOf(cluster));
		properties.put("benchmark.redis.port", this.redisPort);
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		for (String property : extra) {
			properties.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Replica.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.run();
		this.started.add(context);
		return context;
	}

	private static RestClient restClient(ConfigurableApplicationContext replica) {
		return replica.getBean("erpNetRestClient", RestClient.class);
	}

	private static void call(RestClient client) {
		client.get().uri(CUSTOMERS).retrieve().toBodilessEntity();
	}

	private static Process startRedis(int port) throws Exception {
		String executable = "/usr/bin/redis-server";
		if (!new File(executable).canExecute()) {
			throw new IllegalStateException(executable + " is not installed (apt-get install redis-server)");
		}
		Process process = new ProcessBuilder(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		try {
			for (int attempt = 0;; attempt++) {
				try {
					factory.getConnection().close();
					return process;
				}
				catch (RuntimeException ex) {
					if (attempt == 100) {
						throw ex;
					}
					Thread.sleep(50);
				}
			}
		}
		finally {
			factory.destroy();
		}
	}

	private static String redisVersion() throws Exception {
		Process version = new ProcessBuilder("/usr/bin/redis-server", "--version").redirectErrorStream(true).start();
		return new String(version.getInputStream().readAllBytes()).trim();
	}

	private static String minutes(Duration duration) {
		return duration.toMinutes() + " minutes";
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void line(String line) {
		this.report.append(line).append('\n');
	}

	private void close() {
		this.callers.shutdownNow();
		this.started.forEach(ConfigurableApplicationContext::close);
	}

	/**
	 * The calls of one run against one emulator.
	 */
	private static final class Run {

		private final ErpNetMockInstance erpNet;

		private final AtomicInteger served = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		Run(ErpNetMockInstance erpNet) {
			this.erpNet = erpNet;
		}

		// A call on a replica that stops under it fails, as it would in a rolling deploy
		void callUntil(Supplier<RestClient> client, long end) {
			while (System.nanoTime() < end) {
				try {
					call(client.get());
					if (System.nanoTime() <= end) {
						this.served.incrementAndGet();
					}
				}
				catch (RuntimeException ex) {
					this.failed.incrementAndGet();
				}
			}
		}

		String row(String variant, Duration run) {
			return String.format("| %s | %d | %d | %d | %.0f | %d | %d |", variant, this.erpNet.sessionCount(),
					this.erpNet.tokenRequestCount(), this.served.get(), this.served.get() * 60.0 / run.toSeconds(),
					this.erpNet.tooManyRequestsCount(), this.failed.get());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Replica {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(@Value("${benchmark.redis.port}") int port) {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		}

	}

}
