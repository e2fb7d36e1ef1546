package com.learnflow.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pod's memory limit holds its Java heap plus what its JVM and native libraries use
 * beside the heap, as measured, so that a full heap does not get the container killed.
 * <p>
 * The heap is the images' {@code -XX:MaxRAMPercentage} of the limit, unless
 * {@code JAVA_TOOL_OPTIONS} sets {@code -Xmx}, which the JVM then takes instead. The room
 * beside it was measured with native memory tracking on the local stack, each JVM run as
 * its pod runs it (docs/deployment.md, "Memory"):
 * <ul>
 * <li>an ingest service under 3,158 requests/s: 225 MiB beside its heap (metaspace 62,
 * code 36, symbols 15, class data 22, threads 11, and about 60 outside the JVM's own
 * accounting);</li>
 * <li>the detector replaying 1,000,000 events: 270 MiB beside its heap (RocksDB's bounded
 * cache and memtables, and glibc's arenas, among them);</li>
 * <li>an operations Job's backup: 99 MiB resident in all.</li>
 * </ul>
 */
class MemoryBudgetTests {

	/**
	 * Room beside the heap, in MiB: each measured figure above, rounded up with some
	 * margin.
	 */
	static final Map<String, Integer> ROOM_BESIDE_HEAP_MIB = Map.of("Deployment/submission-service", 240,
			"Deployment/code-exec-service", 240, "Deployment/exercise-service", 240, "Deployment/struggle-detector",
			320, "CronJob/", 200);

	static final Pattern PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)");

	static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");

	static List<Manifests.Combination> combinations() {
		return Manifests.combinations()
			.stream()
			.filter((c) -> c.components().isEmpty() || c.components().equals(Manifests.components()))
			.toList();
	}

	@Test
	void bothImageRecipesGiveTheHeapTheSameShare() throws IOException {
		assertThat(percentages(Files.readString(Manifests.ROOT.resolve("pom.xml")).replaceAll("</arg>\\s*<arg>", " ")))
			.as("Jib's entrypoint")
			.containsExactly(imagePercentage());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("combinations")
	void everyLimitHoldsTheHeapAndWhatLiesBesideIt(Manifests.Combination combination) throws IOException {
		int percentage = imagePercentage();
		List<Map<String, Object>> objects = Manifests.render(combination);
		List<String> violations = new ArrayList<>();
		for (Map<String, Object> object : objects) {
			Map<String, Object> pod = switch (String.valueOf(K8sObjects.kind(object))) {
				case "Deployment" -> K8sObjects.podSpec(object);
				case "CronJob" -> K8sObjects.map(object, "spec", "jobTemplate", "spec", "template", "spec");
				default -> null;
			};
			if (pod == null) {
				continue;
			}
			String name = K8sObjects.name(object);
			Integer room = ROOM_BESIDE_HEAP_MIB.getOrDefault(name,
					ROOM_BESIDE_HEAP_MIB.get(K8sObjects.kind(object) + "/"));
			assertThat(room).as("a measured room beside the heap for " + name).isNotNull();
			for (Map<String, Object> container : K8sObjects.list(pod, "containers")) {
				long limit = mebibytes(K8sObjects.string(container, "resources", "limits", "memory"));
				String options = javaToolOptions(container, objects);
				Matcher xmx = XMX.matcher(options);
				long heap = xmx.find() ? xmxMebibytes(Long.parseLong(xmx.group(1)), xmx.group(2))
						: limit * percentage / 100;
				if (limit - heap < room) {
					violations.add("%s: limit %d MiB, heap %d MiB, leaves %d MiB beside it; measured needs %d"
						.formatted(name, limit, heap, limit - heap, room));
				}
			}
		}
		assertThat(violations).as(combination.toString()).isEmpty();
	}

	/** The heap's share of the container's memory in the Dockerfile's entrypoint. */
	private static int imagePercentage() throws IOException {
		List<Integer> found = percentages(Files.readString(Manifests.ROOT.resolve("Dockerfile")));
		assertThat(found).as("MaxRAMPercentage in the Dockerfile's entrypoint").hasSize(1);
		return found.get(0);
	}

	private static List<Integer> percentages(String text) {
		return PERCENTAGE.matcher(text).results().map((m) -> Integer.parseInt(m.group(1))).toList();
	}

	/**
	 * JAVA_TOOL_OPTIONS as the container sees it: its own env, else the config maps it
	 * takes its env from.
	 */
	private static String javaToolOptions(Map<String, Object> container, List<Map<String, Object>> objects) {
		for (Map<String, Object> variable : K8sObjects.list(container, "env")) {
			if ("JAVA_TOOL_OPTIONS".equals(variable.get("name"))) {
				return String.valueOf(variable.get("value"));
			}
		}
		StringBuilder options = new StringBuilder();
		for (Map<String, Object> source : K8sObjects.list(container, "envFrom")) {
			String configMap = K8sObjects.string(source, "configMapRef", "name");
			objects.stream()
				.filter((o) -> "ConfigMap".equals(K8sObjects.kind(o)))
				.filter((o) -> K8sObjects.string(o, "metadata", "name").equals(configMap))
				.map((o) -> K8sObjects.string(o, "data", "JAVA_TOOL_OPTIONS"))
				.filter(Objects::nonNull)
				.forEach((o) -> options.append(o).append(' '));
		}
		return options.toString();
	}

	/** {@code -Xmx}'s value in MiB: a number with an optional k, m or g. */
	static long xmxMebibytes(long value, String unit) {
		return switch (unit.toLowerCase()) {
			case "k" -> value / 1024;
			case "m" -> value;
			case "g" -> value * 1024;
			default -> value / 1024 / 1024;
		};
	}

	/**
	 * A Kubernetes memory quantity (as the manifests write them: Ki, Mi, Gi, or bytes) in
	 * MiB.
	 */
	static long mebibytes(String quantity) {
		assertThat(quantity).as("a memory limit").isNotNull();
		Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|K|M|G)?").matcher(quantity);
		assertThat(m.matches()).as("memory quantity " + quantity).isTrue();
		long n = Long.parseLong(m.group(1));
		return switch (m.group(2) == null ? "" : m.group(2)) {
			case "Ki" -> n / 1024;
			case "Mi" -> n;
			case "Gi" -> n * 1024;
			case "K" -> n * 1000 / 1024 / 1024;
			case "M" -> n * 1000 * 1000 / 1024 / 1024;
			case "G" -> n * 1000 * 1000 * 1000 / 1024 / 1024;
			default -> n / 1024 / 1024;
		};
	}

}
