package net.erp.spring.test.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every Java block of the README is code of this package that compiles (and mostly runs,
 * in {@link ReadmeExamplesTests}): a block follows a {@code <!-- snippet: name ... -->}
 * line and equals the regions between {@code // tag::name[]} and {@code // end::name[]},
 * each without its indentation, joined by a blank line.
 */
class ReadmeSnippetsTests {

	private static final Path README = Path.of("../README.md");

	private static final Path SOURCES = Path.of("src/test/java/net/erp/spring/test/readme");

	private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([\\w\\- ]+) -->");

	private static final Pattern TAG = Pattern.compile("\\s*// (tag|end)::([\\w-]+)\\[]\\s*");

	@Test
	void everyJavaBlockIsCompiledCode() throws IOException {
		Map<String, List<List<String>>> regions = regions();
		List<String> used = new ArrayList<>();
		List<String> lines = Files.readAllLines(README);
		int blocks = 0;
		for (int i = 0; i < lines.size(); i++) {
			if (!lines.get(i).strip().equals("```java")) {
				continue;
			}
			blocks++;
			String indent = lines.get(i).substring(0, lines.get(i).indexOf('`'));
			Matcher marker = MARKER.matcher((i > 0) ? lines.get(i - 1).strip() : "");
			if (!marker.matches()) {
				fail("README.md:%d: a Java block without a '<!-- snippet: name -->' line before it", i + 1);
			}
			List<String> block = new ArrayList<>();
			for (i++; !lines.get(i).equals(indent + "```"); i++) {
				block.add(lines.get(i).startsWith(indent) ? lines.get(i).substring(indent.length()) : lines.get(i));
			}
			List<String> names = List.of(marker.group(1).strip().split(" +"));
			String expected = names.stream().map((name) -> {
				assertThat(regions).as("README.md: snippet '%s' in %s", name, SOURCES).containsKey(name);
				return regions.get(name).stream().map(ReadmeSnippetsTests::dedent).collect(Collectors.joining("\n\n"));
			}).collect(Collectors.joining("\n\n"));
			assertThat(String.join("\n", block)).as("README.md block of snippet %s", names).isEqualTo(expected);
			used.addAll(names);
		}
		assertThat(blocks).isPositive();
		assertThat(used).as("snippets the README shows").containsExactlyInAnyOrderElementsOf(regions.keySet());
	}

	private static Map<String, List<List<String>>> regions() throws IOException {
		Map<String, List<List<String>>> regions = new LinkedHashMap<>();
		Map<String, Path> files = new LinkedHashMap<>();
		try (Stream<Path> sources = Files.list(SOURCES)) {
			for (Path source : sources.sorted().toList()) {
				List<String> current = null;
				String open = null;
				for (String line : Files.readAllLines(source)) {
					Matcher tag = TAG.matcher(line);
					if (!tag.matches()) {
						if (current != null) {
							current.add(line);
						}
						continue;
					}
					String name = tag.group(2);
					if (tag.group(1).equals("tag")) {
						assertThat(open).as("%s: tag '%s' inside '%s'", source, name, open).isNull();
						Path previous = files.putIfAbsent(name, source);
						assertThat(previous).as("snippet '%s' in %s and %s", name, previous, source)
							.isIn(null, source);
						open = name;
						current = new ArrayList<>();
						regions.computeIfAbsent(name, (key) -> new ArrayList<>()).add(current);
					}
					else {
						assertThat(name).as("%s: end of '%s'", source, name).isEqualTo(open);
						open = null;
						current = null;
					}
				}
				assertThat(open).as("%s: '%s' is not ended", source, open).isNull();
			}
		}
		return regions;
	}

	private static String dedent(List<String> region) {
		List<String> lines = new ArrayList<>(region);
		while (!lines.isEmpty() && lines.get(0).isBlank()) {
			lines.remove(0);
		}
		while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
			lines.remove(lines.size() - 1);
		}
		int indent = lines.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		return lines.stream()
			.map((line) -> line.isBlank() ? "" : line.substring(indent))
			.collect(Collectors.joining("\n"));
	}

}
