package com.learnflow.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's deployment files, every object that each kustomize combination
 * renders, and every object the Kafka chart renders for each documented combination of
 * our values files.
 */
final class Manifests {

	/** The repository root: the tests run in {@code deployment-tests/}. */
	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path K8S = ROOT.resolve("k8s");

	private Manifests() {
	}

	static List<String> overlays() {
		return children(K8S.resolve("overlays"));
	}

	static List<String> components() {
		return children(K8S.resolve("components"));
	}

	/** Each overlay alone, with each component, and with all components together. */
	static List<Combination> combinations() {
		List<Combination> combinations = new ArrayList<>();
		for (String overlay : overlays()) {
			combinations.add(new Combination(overlay, List.of()));
			for (String component : components()) {
				combinations.add(new Combination(overlay, List.of(component)));
			}
			combinations.add(new Combination(overlay, components()));
		}
		return combinations;
	}

	/**
	 * Renders a combination with {@code kubectl kustomize} the way an operator enables
	 * components: in a copy of the {@code k8s/} tree, the overlay's kustomization gets a
	 * {@code components:} list. A render error fails with kustomize's message.
	 */
	static List<Map<String, Object>> render(Combination combination) {
		try {
			Path copy = Path.of("target", "kustomize", combination.toString()).toAbsolutePath().resolve("k8s");
			copyTree(K8S, copy);
			Path overlay = copy.resolve("overlays").resolve(combination.overlay());
			if (!combination.components().isEmpty()) {
				addComponents(overlay.resolve("kustomization.yaml"), combination.components());
			}
			return parseAll(kubectl("kustomize", overlay.toString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Adds components to the overlay's own {@code components:} list if it has one (a
	 * second key would replace it), else as a new list; one the overlay already has is
	 * not added again.
	 */
	private static void addComponents(Path kustomization, List<String> components) throws IOException {
		String text = Files.readString(kustomization);
		StringBuilder items = new StringBuilder();
		for (String component : components) {
			String item = "  - ../../components/" + component + "\n";
			if (!text.contains("\n" + item)) {
				items.append(item);
			}
		}
		if (text.startsWith("components:\n") || text.contains("\ncomponents:\n")) {
			int list = text.startsWith("components:\n") ? 0 : text.indexOf("\ncomponents:\n") + 1;
			int after = list + "components:\n".length();
			Files.writeString(kustomization, text.substring(0, after) + items + text.substring(after));
		}
		else {
			Files.writeString(kustomization, "\ncomponents:\n" + items, StandardOpenOption.APPEND);
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		if (Files.exists(to)) {
			try (Stream<Path> old = Files.walk(to)) {
				for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

	static String kubectl(String... args) {
		List<String> command = new ArrayList<>(List.of("kubectl"));
		command.addAll(List.of(args));
		Run run = run(command, "kubectl is needed to render the manifests (.ci/run installs it)");
		if (run.exitCode() != 0) {
			throw new AssertionError(String.join(" ", command) + " failed:\n" + run.errors() + run.output());
		}
		return run.output();
	}

	/**
	 * The Kafka chart's combinations of values files that {@code k8s/kafka/render}
	 * renders (the documented ones).
	 */
	static List<String> chartCombinations() {
		return chart("--list").output().lines().toList();
	}

	/**
	 * Every object the Bitnami Kafka chart renders for a combination of our values files,
	 * with {@code helm template} of the chart in {@code ../shared}
	 * ({@code k8s/kafka/render}, which installs helm when missing). A render error fails
	 * with helm's message.
	 */
	static List<Map<String, Object>> renderChart(String combination, String... helmArgs) {
		List<String> args = new ArrayList<>(List.of(combination));
		args.addAll(List.of(helmArgs));
		Run run = chart(args.toArray(String[]::new));
		if (run.exitCode() != 0) {
			throw new AssertionError("k8s/kafka/render " + String.join(" ", args) + " failed:\n" + run.errors());
		}
		return parseAll(run.output());
	}

	/** {@code k8s/kafka/render} with these arguments, whatever its exit code. */
	static Run chart(String... args) {
		List<String> command = new ArrayList<>(List.of(K8S.resolve("kafka").resolve("render").toString()));
		command.addAll(List.of(args));
		return run(command, "k8s/kafka/render could not be started");
	}

	/**
	 * Runs a command to its end (at most 120 s), its standard error kept apart from the
	 * output it prints.
	 */
	private static Run run(List<String> command, String whenMissing) {
		try {
			Path errors = Files.createTempFile("deployment-tests", ".stderr");
			try {
				Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(120, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
				}
				return new Run(process.exitValue(), output, Files.readString(errors));
			}
			finally {
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(whenMissing, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A finished command.
	 *
	 * @param exitCode its exit code
	 * @param output what it printed on its standard output
	 * @param errors what it printed on its standard error
	 */
	record Run(int exitCode, String output, String errors) {
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> parseAll(String yaml) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(Path file) {
		try {
			return (Map<String, Object>) new Yaml(new LoaderOptions()).load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> children(Path dir) {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> paths = Files.list(dir)) {
			return paths.filter(Files::isDirectory).map((path) -> path.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An overlay with the components added to it.
	 *
	 * @param overlay the overlay's directory name
	 * @param components the components' directory names
	 */
	record Combination(String overlay, List<String> components) {

		@Override
		public String toString() {
			return this.components.isEmpty() ? this.overlay : this.overlay + "+" + String.join("+", this.components);
		}

	}

}
