package net.erp.spring.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Runs every benchmark side by side in one JVM against {@link StubErpNet} on loopback,
 * prints a Markdown report and writes it to {@code target/benchmarks.md} (or the path
 * given as the first argument).
 * <pre>
 * ./mvnw -q -pl benchmarks -am spring-boot:run
 * </pre>
 * System properties: {@code calls} (calls per warm-up round and per allocation round,
 * default 20000), {@code warmUpRounds} (default 3), {@code cycles} and {@code sliceCalls}
 * (throughput cycles per concurrency and calls per slice, default 60 and 2500),
 * {@code startupRuns} (pairs of fresh JVMs, one per start-up variant, default 101) and
 * {@code sections} (any of {@code throughput,tokens,allocation,startup}, default all).
 */
public final class Benchmarks {

	private static final int CALLS = Integer.getInteger("calls", 20_000);

	private static final int STARTUP_RUNS = Integer.getInteger("startupRuns", 101);

	private static final Pattern STARTUP_LINE = Pattern.compile("STARTUP_MS=(\\d+) CPU_MS=(\\d+).*");

	private static final String ALL_SECTIONS = "throughput,tokens,allocation,startup";

	private static final int[] CONCURRENCY = { 1, 16, 64 };

	private static final int[] COLD_CALLERS = { 1, 10, 100, 1000 };

	private static final int WARM_UP_ROUNDS = Integer.getInteger("warmUpRounds", 3);

	private static final int CYCLES = Integer.getInteger("cycles", 60);

	private static final int SLICE_CALLS = Integer.getInteger("sliceCalls", 2_500);

	private static final Duration EXPIRY_RUN = Duration.ofSeconds(6);

	private final StubErpNet stub;

	private final StringBuilder report = new StringBuilder();

	private Benchmarks(StubErpNet stub) {
		this.stub = stub;
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "target/benchmarks.md");
		try (StubErpNet stub = new StubErpNet()) {
			Benchmarks benchmarks = new Benchmarks(stub);
			benchmarks.machine();
			List<String> sections = Arrays.asList(System.getProperty("sections", ALL_SECTIONS).split(","));
			if (sections.contains("throughput")) {
				benchmarks.throughput();
			}
			if (sections.contains("tokens")) {
				benchmarks.coldCacheTokens();
				benchmarks.expiringTokens();
			}
			if (sections.contains("allocation")) {
				benchmarks.allocation();
			}
			if (sections.contains("startup")) {
				benchmarks.startup();
			}
			System.out.println(benchmarks.report);
			Files.createDirectories(output.toAbsolutePath().getParent());
			Files.writeString(output, benchmarks.report);
			System.out.println("Written to " + output.toAbsolutePath());
		}
		System.exit(0);
	}

	private void machine() throws IOException {
		String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.findFirst()
			.map((line) -> line.replaceFirst(".*:\\s*", ""))
			.orElse(System.getProperty("os.arch"));
		line("## Run of " + Instant.now());
		line("");
		line("- Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), "
				+ Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap, " + System.getProperty("os.name")
				+ " " + System.getProperty("os.version"));
		line("- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		line("- Stub server on loopback in the same JVM, on event loops of its own, issuing tokens of a JWT's size "
				+ "(1 KB); every contender sends through a Reactor Netty client with the starter's default Domain API "
				+ "timeouts (5 s connect, 60 s response) but the one marked _without timeouts_");
		line("");
	}

	private void throughput() throws Exception {
		line("### Throughput and latency of small GET calls");
		line("");
		line("All contenders warm up together (" + WARM_UP_ROUNDS + " rounds of " + CALLS + " calls each at every "
				+ "concurrency). Then, at each concurrency, " + CYCLES + " cycles run every contender for a slice of "
				+ SLICE_CALLS + " calls right next to a slice of the limit, in an order that turns from cycle to cycle. "
				+ "Calls/s is the median slice; _vs limit_ is the median over the cycles of the slice's throughput "
				+ "divided by that of the limit's slice next to it, so that the machine's drift cancels out; "
				+ "latencies are over all slices.");
		line("");
		line("| contender | concurrency | calls/s | vs limit | middle half of cycles | p50 µs | p99 µs |");
		line("|---|---:|---:|---:|---:|---:|---:|");
		List<Contender> contenders = new ArrayList<>();
		try {
			for (Function<StubErpNet, Contender> factory : throughputContenders()) {
				contenders.add(factory.apply(this.stub));
			}
			for (int round = 0; round < WARM_UP_ROUNDS; round++) {
				for (int concurrency : CONCURRENCY) {
					for (Contender contender : contenders) {
						round(contender.webClient(), CALLS, concurrency);
					}
				}
			}
			Contender limit = contenders.get(0);
			List<Contender> others = contenders.subList(1, contenders.size());
			for (int concurrency : CONCURRENCY) {
				Map<Contender, List<Round>> slices = new LinkedHashMap<>();
				Map<Contender, List<Double>> ratios = new LinkedHashMap<>();
				for (int cycle = 0; cycle < CYCLES; cycle++) {
					List<Contender> order = new ArrayList<>(others);
					Collections.rotate(order, cycle);
					for (Contender contender : order) {
						// Each pair runs in the other order in the next cycle
						boolean limitFirst = cycle % 2 == 0;
						Round first = round((limitFirst ? limit : contender).webClient(), SLICE_CALLS, concurrency);
						Round second = round((limitFirst ? contender : limit).webClient(), SLICE_CALLS, concurrency);
						Round limitSlice = limitFirst ? first : second;
						Round slice = limitFirst ? second : first;
						slices.computeIfAbsent(limit, (key) -> new ArrayList<>()).add(limitSlice);
						slices.computeIfAbsent(contender, (key) -> new ArrayList<>()).add(slice);
						ratios.computeIfAbsent(contender, (key) -> new ArrayList<>())
							.add(slice.callsPerSecond() / limitSlice.callsPerSecond());
					}
				}
				slices.forEach((contender, measured) -> line(String.format("| %s | %d | %,.0f | %s | %d | %d |",
						contender.name(), concurrency, median(measured, Round::callsPerSecond),
						ratio(ratios.getOrDefault(contender, List.of(1.0))), percentile(measured, 50),
						percentile(measured, 99))));
			}
		}
		finally {
			for (Contender contender : contenders) {
				contender.close();
			}
		}
		line("");
	}

	private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
		double[] sorted = rounds.stream().mapToDouble(figure).sorted().toArray();
		return sorted[sorted.length / 2];
	}

	private static String ratio(List<Double> ratios) {
		double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return String.format("%.2f | %.2f–%.2f", sorted[sorted.length / 2], sorted[sorted.length / 4],
				sorted[sorted.length * 3 / 4]);
	}

	private static long percentile(List<Round> rounds, int percentile) {
		long[] sorted = rounds.stream().flatMapToLong((round) -> Arrays.stream(round.latencies())).sorted().toArray();
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1000;
	}

	private List<Function<StubErpNet, Contender>> throughputContenders() {
		List<Function<StubErpNet, Contender>> contenders = new ArrayList<>(contenders());
		contenders.add(1, Contender::limitWithoutTimeouts);
		return contenders;
	}

	private List<Function<StubErpNet, Contender>> contenders() {
		return List.of(Contender::limit, Contender::peer,
				(stub) -> Contender.erpNet(stub, "erpnet (limit 64)", 64, Map.of()),
				(stub) -> Contender.erpNet(stub, "erpnet (default limit 1)", 1, Map.of()));
	}

	private void coldCacheTokens() throws Exception {
		line("### Token requests caused by N concurrent calls on a cold cache");
		line("");
		line("| N | peer | erpnet |");
		line("|---:|---:|---:|");
		for (int callers : COLD_CALLERS) {
			int peer = coldTokens(Contender::peer, callers);
			int erpNet = coldTokens((stub) -> Contender.erpNet(stub, "erpnet", 64, Map.of()), callers);
			line(String.format("| %d | %d | %d |", callers, peer, erpNet));
		}
		line("");
	}

	private int coldTokens(Function<StubErpNet, Contender> factory, int callers) throws Exception {
		try (Contender contender = factory.apply(this.stub)) {
			this.stub.resetTokenRequests();
			round(contender.webClient(), callers, callers);
			return this.stub.tokenRequests();
		}
	}

	private void expiringTokens() throws Exception {
		this.stub.tokenLifetimeSeconds(1);
		try {
			line("### Token requests while tokens expire every second");
			line("");
			line("Calls at concurrency 16 for " + EXPIRY_RUN.toSeconds() + " s; the starter with "
					+ "`erpnet.token-refresh-skew=0s`, the peer with Spring Security's defaults (60 s clock skew).");
			line("");
			line("| contender | calls | expiry windows | token requests |");
			line("|---|---:|---:|---:|");
			expiring(Contender::peer);
			expiring((stub) -> Contender.erpNet(stub, "erpnet", 64, Map.of("erpnet.token-refresh-skew", "0s")));
			line("");
		}
		finally {
			this.stub.tokenLifetimeSeconds(3600);
		}
	}

	private void expiring(Function<StubErpNet, Contender> factory) throws Exception {
		try (Contender contender = factory.apply(this.stub)) {
			this.stub.resetTokenRequests();
			long start = System.nanoTime();
			long end = start + EXPIRY_RUN.toNanos();
			AtomicLong calls = new AtomicLong();
			Flux.range(0, Integer.MAX_VALUE)
				.takeWhile((i) -> System.nanoTime() < end)
				.flatMap((i) -> call(contender.webClient()), 16)
				.doOnNext((body) -> calls.incrementAndGet())
				.blockLast();
			long windows = (System.nanoTime() - start) / 1_000_000_000L + 1;
			line(String.format("| %s | %,d | %d | %,d |", contender.name(), calls.get(), windows,
					this.stub.tokenRequests()));
		}
	}

	private void allocation() throws Exception {
		line("### Allocation per call");
		line("");
		line("Bytes allocated by all threads of the JVM, divided by the calls, at concurrency 1 "
				+ "(stub server included: the difference between contenders is the client's).");
		line("");
		line("| contender | bytes/call | vs limit |");
		line("|---|---:|---:|");
		double limit = 0;
		for (Function<StubErpNet, Contender> factory : contenders()) {
			try (Contender contender = factory.apply(this.stub)) {
				for (int round = 0; round < WARM_UP_ROUNDS; round++) {
					round(contender.webClient(), CALLS, 1);
				}
				long before = allocatedBytes();
				round(contender.webClient(), CALLS, 1);
				double perCall = (double) (allocatedBytes() - before) / CALLS;
				if (contender.name().equals("limit")) {
					limit = perCall;
				}
				line(String.format("| %s | %,.0f | %+,.0f |", contender.name(), perCall, perCall - limit));
			}
		}
		line("");
	}

	private void startup() throws Exception {
		line("### Start-up of a minimal application");
		line("");
		line("`SpringApplication.run` of an application with `@EnableAutoConfiguration` and no web server, in a "
				+ "fresh JVM each time. Without the starter, its jars and Spring Security's are left off the class "
				+ "path. " + STARTUP_RUNS + " pairs of runs, the two variants in turn first. The overhead is the "
				+ "median of the differences within a pair, with the 95 % confidence interval of that median (from "
				+ "the ranks of the differences, assuming nothing of their distribution) and the middle half of the "
				+ "differences. Wall clock is what the application waits for; the CPU time of the main thread leaves "
				+ "out the JIT compilers and the garbage collector, which share the cores with it, and so scatters "
				+ "less.");
		line("");
		List<String> withStarter = classPath();
		List<String> withoutStarter = withStarter.stream().filter((entry) -> !isStarterJar(entry)).toList();
		String[] starterArgs = { "--erpnet.instance-url=https://demodb.my.erp.net", "--erpnet.client-id=startup",
				"--erpnet.client-secret=startup" };
		List<Startup> with = new ArrayList<>();
		List<Startup> without = new ArrayList<>();
		for (int run = 0; run < STARTUP_RUNS; run++) {
			// Like the throughput slices: pairs run back to back, in turn first, so that
			// the machine's drift falls on both
			if (run % 2 == 0) {
				without.add(startup(withoutStarter));
				with.add(startup(withStarter, starterArgs));
			}
			else {
				with.add(startup(withStarter, starterArgs));
				without.add(startup(withoutStarter));
			}
		}
		line("| variant | wall clock ms, median | main-thread CPU ms, median |");
		line("|---|---:|---:|");
		line("| without the starter | " + median(without, Startup::wallMillis) + " | "
				+ median(without, Startup::cpuMillis) + " |");
		line("| with the starter | " + median(with, Startup::wallMillis) + " | " + median(with, Startup::cpuMillis)
				+ " |");
		line("");
		line("| overhead | median ms | 95 % confidence interval | middle half |");
		line("|---|---:|---:|---:|");
		overhead("wall clock", with, without, Startup::wallMillis);
		overhead("main-thread CPU", with, without, Startup::cpuMillis);
		line("");
	}

	private void overhead(String figure, List<Startup> with, List<Startup> without,
			ToLongFunction<Startup> millis) {
		List<Long> differences = new ArrayList<>();
		for (int pair = 0; pair < with.size(); pair++) {
			differences.add(millis.applyAsLong(with.get(pair)) - millis.applyAsLong(without.get(pair)));
		}
		Collections.sort(differences);
		int count = differences.size();
		// Ranks around the median that enclose it with 95 % probability (normal
		// approximation of the binomial distribution of the differences below it)
		int spread = (int) Math.ceil(0.98 * Math.sqrt(count));
		line("| " + figure + " | " + differences.get(count / 2) + " | "
				+ differences.get(Math.max(0, count / 2 - spread)) + " to "
				+ differences.get(Math.min(count - 1, count / 2 + spread)) + " | " + differences.get(count / 4)
				+ " to " + differences.get(count * 3 / 4) + " |");
	}

	private static boolean isStarterJar(String entry) {
		String name = new File(entry).getName();
		return name.startsWith("erpnet-spring-boot-") || name.startsWith("spring-security-")
				|| name.startsWith("oauth2-oidc-sdk") || name.startsWith("nimbus-jose-jwt")
				|| name.startsWith("content-type-") || name.startsWith("lang-tag-") || name.startsWith("jcip-")
				|| entry.contains("erpnet-spring-boot-autoconfigure");
	}

	private static Startup startup(List<String> classPath, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", String.join(File.pathSeparator, classPath), StartupProbe.class.getName(),
				"--spring.main.banner-mode=off", "--logging.level.root=warn"));
		command.addAll(Arrays.asList(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output;
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
			output = reader.lines().collect(Collectors.joining("\n"));
		}
		process.waitFor();
		return output.lines()
			.map(STARTUP_LINE::matcher)
			.filter(Matcher::matches)
			.map((line) -> new Startup(Long.parseLong(line.group(1)), Long.parseLong(line.group(2))))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The start-up probe failed:\n" + output));
	}

	private static List<String> classPath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.isBlank())
			.toList();
	}

	private static long median(List<Startup> startups, ToLongFunction<Startup> millis) {
		long[] sorted = startups.stream().mapToLong(millis).sorted().toArray();
		return sorted[sorted.length / 2];
	}

	private static long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
			.filter((bytes) -> bytes > 0)
			.sum();
	}

	private static Round round(WebClient webClient, int calls, int concurrency) {
		long[] latencies = new long[calls];
		long start = System.nanoTime();
		Flux.range(0, calls).flatMap((i) -> {
			long callStart = System.nanoTime();
			return call(webClient).doOnNext((body) -> latencies[i] = System.nanoTime() - callStart);
		}, concurrency).blockLast();
		return new Round(calls, System.nanoTime() - start, latencies);
	}

	private static Mono<String> call(WebClient webClient) {
		return webClient.get().uri("Crm_Sales_Customers?$top=1").retrieve().bodyToMono(String.class);
	}

	private void line(String line) {
		this.report.append(line).append('\n');
	}

	private record Round(int calls, long nanos, long[] latencies) {

		double callsPerSecond() {
			return this.calls * 1e9 / this.nanos;
		}

	}

	private record Startup(long wallMillis, long cpuMillis) {

	}

}
