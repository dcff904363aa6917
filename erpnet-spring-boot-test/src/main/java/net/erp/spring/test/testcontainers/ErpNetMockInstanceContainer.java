package net.erp.spring.test.testcontainers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import net.erp.spring.test.ErpNetMockInstance;

import org.springframework.util.FileSystemUtils;

/**
 * The {@link ErpNetMockInstance demo ERP.net instance emulator} in a container: any image
 * with Java 17 on the {@code PATH} runs the emulator from this test's class path.
 * <p>
 * The image is {@value #DEFAULT_IMAGE} unless the system property
 * {@code erpnet.emulator.image} or the environment variable {@code ERPNET_EMULATOR_IMAGE}
 * names another. By default the emulator's port is mapped as usual;
 * {@link #withHostNetwork()} runs it in the host's network on a free loopback port
 * instead, for Docker engines without a bridge network.
 * <p>
 * With {@code @ServiceConnection}, the starter connects to it as the demo trusted
 * application without any {@code erpnet.*} property.
 */
public class ErpNetMockInstanceContainer extends GenericContainer<ErpNetMockInstanceContainer> {

	/**
	 * The default image: a public Java 17 runtime.
	 */
	public static final String DEFAULT_IMAGE = "eclipse-temurin:17-jre";

	private static final int CONTAINER_PORT = 8080;

	private static final String LIBRARIES = "/erpnet/lib/";

	private static final Pattern STATS = Pattern.compile("\"(\\w+)\":(\\d+)");

	private final HttpClient httpClient = HttpClient.newHttpClient();

	private int hostNetworkPort;

	private @Nullable Path staging;

	/**
	 * A container from the configured or the default image.
	 */
	public ErpNetMockInstanceContainer() {
		this(DockerImageName.parse(configuredImage()));
	}

	/**
	 * A container from the given Java 17 image.
	 * @param image the image
	 */
	public ErpNetMockInstanceContainer(DockerImageName image) {
		super(image);
		withExposedPorts(CONTAINER_PORT);
		emulatorCommand("0.0.0.0", CONTAINER_PORT);
		waitingFor(Wait.forLogMessage(".*ERP.net emulator started.*\\n", 1)
			.withStartupTimeout(Duration.ofMinutes(2)));
	}

	/**
	 * Run the emulator in the host's network, on a free loopback port.
	 * @return this container
	 */
	public ErpNetMockInstanceContainer withHostNetwork() {
		this.hostNetworkPort = freePort();
		setExposedPorts(List.of());
		withNetworkMode("host");
		emulatorCommand("127.0.0.1", this.hostNetworkPort);
		return this;
	}

	@Override
	protected void configure() {
		// One copy of a staged folder: copying each of the class path's files takes far longer
		Path staging = stageClassPath();
		this.staging = staging;
		List<String> classPath = new ArrayList<>();
		try (var files = Files.list(staging)) {
			files.map((file) -> LIBRARIES + file.getFileName()).sorted().forEach(classPath::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list " + staging, ex);
		}
		withCopyFileToContainer(MountableFile.forHostPath(staging), LIBRARIES);
		withEnv("ERPNET_EMULATOR_CLASSPATH", String.join(":", classPath));
	}

	@Override
	protected void containerIsStarted(InspectContainerResponse containerInfo) {
		Path staging = this.staging;
		if (staging != null) {
			FileSystemUtils.deleteRecursively(staging.toFile());
			this.staging = null;
		}
	}

	private static Path stageClassPath() {
		try {
			Path staging = Files.createTempDirectory("erpnet-emulator-");
			int index = 0;
			for (Path entry : classPathEntries()) {
				Path target = staging.resolve(String.format("%04d-%s", index++, entry.getFileName()));
				if (Files.isDirectory(entry)) {
					FileSystemUtils.copyRecursively(entry, target);
				}
				else {
					link(entry, target);
				}
			}
			return staging;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stage the ERP.net emulator's class path", ex);
		}
	}

	private static void link(Path source, Path target) throws IOException {
		try {
			Files.createLink(target, source);
		}
		catch (IOException | UnsupportedOperationException ex) {
			Files.copy(source, target);
		}
	}

	private void emulatorCommand(String host, int port) {
		withCommand("sh", "-c", "exec java -cp \"$ERPNET_EMULATOR_CLASSPATH\" " + ErpNetMockInstance.class.getName()
				+ " --host=" + host + " --port=" + port);
	}

	/**
	 * The instance URL, for {@code erpnet.instance-url}.
	 * @return the URL
	 */
	public String url() {
		if (this.hostNetworkPort != 0) {
			return "http://127.0.0.1:" + this.hostNetworkPort;
		}
		return "http://" + getHost() + ":" + getMappedPort(CONTAINER_PORT);
	}

	/**
	 * How many requests reached the token endpoint.
	 * @return the count
	 */
	public int tokenRequestCount() {
		return stat("tokenRequests");
	}

	/**
	 * How many requests reached the Domain API.
	 * @return the count
	 */
	public int apiRequestCount() {
		return stat("apiRequests");
	}

	/**
	 * Revoke every token issued so far.
	 */
	public void revokeAllTokens() {
		admin("revoke-tokens");
	}

	/**
	 * Reset the counters.
	 */
	public void resetCounts() {
		admin("reset-counts");
	}

	private int stat(String name) {
		Matcher matcher = STATS.matcher(admin("stats"));
		while (matcher.find()) {
			if (matcher.group(1).equals(name)) {
				return Integer.parseInt(matcher.group(2));
			}
		}
		throw new IllegalStateException("The emulator reported no " + name);
	}

	private String admin(String action) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/_emulator/" + action));
		if (!action.equals("stats")) {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		try {
			return this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not reach the ERP.net emulator at " + url(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while talking to the ERP.net emulator", ex);
		}
	}

	private static String configuredImage() {
		String image = System.getProperty("erpnet.emulator.image", System.getenv("ERPNET_EMULATOR_IMAGE"));
		return (image != null && !image.isBlank()) ? image : DEFAULT_IMAGE;
	}

	/**
	 * The jars and class folders of this JVM's class path, following the
	 * {@code Class-Path} of manifest-only jars such as Surefire's.
	 */
	private static Set<Path> classPathEntries() {
		Set<Path> entries = new LinkedHashSet<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			addClassPathEntry(Path.of(entry).toAbsolutePath(), entries);
		}
		return entries;
	}

	private static void addClassPathEntry(Path entry, Set<Path> entries) {
		if (!Files.exists(entry) || !entries.add(entry) || Files.isDirectory(entry)) {
			return;
		}
		try (JarFile jar = new JarFile(entry.toFile())) {
			Manifest manifest = jar.getManifest();
			String classPath = (manifest != null) ? manifest.getMainAttributes().getValue("Class-Path") : null;
			if (classPath != null) {
				for (String reference : classPath.trim().split("\\s+")) {
					addClassPathEntry(Path.of(entry.getParent().toUri().resolve(reference)), entries);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + entry, ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port for the ERP.net emulator", ex);
		}
	}

}
