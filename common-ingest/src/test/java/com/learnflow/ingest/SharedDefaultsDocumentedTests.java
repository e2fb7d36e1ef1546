package com.learnflow.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.mock.env.MockEnvironment;

import com.learnflow.kafka.LearnFlowServiceDefaults;
import com.learnflow.security.SecurityDefaults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults every service starts with, from the shared modules' environment
 * post-processors (the lowest precedence, below each service's own
 * {@code application.yml}), are written in {@code docs/configuration.md} with their
 * values, and nothing there is stale: a reader of a service's short
 * {@code application.yml} can open them.
 */
class SharedDefaultsDocumentedTests {

	static final Path DOCUMENT = Path.of("..", "docs", "configuration.md");

	static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

	@Test
	void everySharedDefaultIsDocumentedWithItsValue() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		MockEnvironment environment = new MockEnvironment();
		for (EnvironmentPostProcessor postProcessor : new EnvironmentPostProcessor[] { new LearnFlowServiceDefaults(),
				new SecurityDefaults(), new IngestServiceDefaults() }) {
			postProcessor.postProcessEnvironment(environment, new SpringApplication());
		}
		environment.getPropertySources().forEach((source) -> {
			if (source instanceof EnumerablePropertySource<?> enumerable
					&& !source.getName().equals("mockProperties")) {
				for (String name : enumerable.getPropertyNames()) {
					defaults.put(name, String.valueOf(enumerable.getProperty(name)));
				}
			}
		});
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = ROW.matcher(Files.readString(DOCUMENT));
		while (row.find()) {
			documented.put(row.group(1), row.group(2));
		}
		assertThat(documented).as("the rows of %s; as the code has them:%n%s", DOCUMENT, table(defaults))
			.isEqualTo(defaults);
	}

	private static String table(Map<String, String> defaults) {
		return defaults.entrySet()
			.stream()
			.map((entry) -> "| `" + entry.getKey() + "` | `" + entry.getValue() + "` |")
			.collect(Collectors.joining("\n"));
	}

}
