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

/** The repository's deployment files, and every object that each kustomize combination renders. */
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
	 * Renders a combination with {@code kubectl kustomize} the way an operator enables components: in a copy of the
	 * {@code k8s/} tree, the overlay's kustomization gets a {@code components:} list. A render error fails with
	 * kustomize's message.
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
	 * Adds components to the overlay's own {@code components:} list if it has one (a second key would replace it),
	 * else as a new list; one the overlay already has is not added again.
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
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("kubectl is needed to render the manifests (.ci/run installs it)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
