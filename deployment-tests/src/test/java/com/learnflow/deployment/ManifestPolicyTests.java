package com.learnflow.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policies every rendered combination keeps: every container has resources and a
 * hardened security context, every service's container probes, every operations Job a
 * deadline; no image floats on {@code :latest}; every selector matches the labels of a
 * workload; and every port and path that a probe, Service or ServiceMonitor names exists
 * in the service.
 */
class ManifestPolicyTests {

	/** The actuator paths the services answer on their HTTP port. */
	static final Set<String> SERVED_PATHS = Set.of("/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/health", "/actuator/prometheus");

	static List<Manifests.Combination> combinations() {
		return Manifests.combinations();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("combinations")
	void policies(Manifests.Combination combination) {
		List<Map<String, Object>> objects = Manifests.render(combination);
		List<String> violations = new ArrayList<>();
		List<Map<String, Object>> workloads = objects.stream()
			.filter((o) -> "Deployment".equals(K8sObjects.kind(o)))
			.toList();
		assertThat(workloads).as(combination + " deploys the four services").hasSizeGreaterThanOrEqualTo(4);
		for (Map<String, Object> workload : workloads) {
			checkWorkload(workload, violations);
		}
		for (Map<String, Object> object : objects) {
			switch (String.valueOf(K8sObjects.kind(object))) {
				case "Service" -> checkService(object, workloads, violations);
				case "PodDisruptionBudget" -> checkSelector(object,
						K8sObjects.map(object, "spec", "selector", "matchLabels"), workloads, violations);
				case "HorizontalPodAutoscaler" -> checkScaleTarget(object, workloads, violations);
				case "ScaledObject" -> checkScaleTarget(object, workloads, violations);
				case "ServiceMonitor" -> checkServiceMonitor(object, objects, violations);
				case "CronJob" -> checkCronJob(object, violations);
				default -> {
				}
			}
		}
		assertThat(violations).as(combination.toString()).isEmpty();
	}

	private static void checkWorkload(Map<String, Object> workload, List<String> violations) {
		String name = K8sObjects.name(workload);
		Map<String, Object> pod = K8sObjects.podSpec(workload);
		Map<String, Object> selector = K8sObjects.map(workload, "spec", "selector", "matchLabels");
		Map<String, Object> labels = K8sObjects.map(workload, "spec", "template", "metadata", "labels");
		if (selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
			violations.add(name + ": selector " + selector + " does not match the pod labels " + labels);
		}
		for (Map<String, Object> container : checkHardenedPod(name, pod, violations)) {
			String where = name + " container " + container.get("name");
			Set<Object> ports = new HashSet<>();
			for (Map<String, Object> port : K8sObjects.list(container, "ports")) {
				ports.add(port.get("containerPort"));
				ports.add(port.get("name"));
			}
			for (String probe : List.of("livenessProbe", "readinessProbe")) {
				Map<String, Object> http = K8sObjects.map(container, probe, "httpGet");
				if (http.isEmpty()) {
					violations.add(where + ": no " + probe + " with httpGet");
					continue;
				}
				if (!ports.contains(http.get("port"))) {
					violations.add(where + ": " + probe + " names port " + http.get("port") + ", not a container port");
				}
				if (!SERVED_PATHS.contains(String.valueOf(http.get("path")))) {
					violations.add(where + ": " + probe + " path " + http.get("path") + " is not served");
				}
			}
			Map<String, Object> startup = K8sObjects.map(container, "startupProbe", "httpGet");
			if (!startup.isEmpty() && !SERVED_PATHS.contains(String.valueOf(startup.get("path")))) {
				violations.add(where + ": startupProbe path " + startup.get("path") + " is not served");
			}
		}
	}

	/**
	 * A CronJob's pods (the operations Jobs) are hardened and bounded as the services'
	 * are; they serve no probe.
	 */
	private static void checkCronJob(Map<String, Object> cronJob, List<String> violations) {
		checkHardenedPod(K8sObjects.name(cronJob),
				K8sObjects.map(cronJob, "spec", "jobTemplate", "spec", "template", "spec"), violations);
		if (K8sObjects.map(cronJob, "spec", "jobTemplate", "spec").get("activeDeadlineSeconds") == null) {
			violations.add(K8sObjects.name(cronJob) + ": its Jobs have no activeDeadlineSeconds");
		}
	}

	/**
	 * The pod runs as non-root, and each container has a tagged image, no privilege
	 * escalation, a read-only root, no capabilities, and requests and limits.
	 * @return the pod's containers
	 */
	private static List<Map<String, Object>> checkHardenedPod(String name, Map<String, Object> pod,
			List<String> violations) {
		if (!Boolean.TRUE.equals(K8sObjects.map(pod, "securityContext").get("runAsNonRoot"))) {
			violations.add(name + ": pod securityContext.runAsNonRoot is not true");
		}
		List<Map<String, Object>> containers = new ArrayList<>(K8sObjects.list(pod, "containers"));
		containers.addAll(K8sObjects.list(pod, "initContainers"));
		if (containers.isEmpty()) {
			violations.add(name + ": no containers");
		}
		for (Map<String, Object> container : containers) {
			String where = name + " container " + container.get("name");
			checkImage(where, String.valueOf(container.get("image")), violations);
			Map<String, Object> security = K8sObjects.map(container, "securityContext");
			if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
				violations.add(where + ": allowPrivilegeEscalation is not false");
			}
			if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
				violations.add(where + ": readOnlyRootFilesystem is not true");
			}
			Object drop = K8sObjects.map(security, "capabilities").get("drop");
			if (!(drop instanceof List<?> dropped && dropped.contains("ALL"))) {
				violations.add(where + ": capabilities do not drop ALL");
			}
			Map<String, Object> resources = K8sObjects.map(container, "resources");
			for (String bound : List.of("requests", "limits")) {
				Map<String, Object> values = K8sObjects.map(resources, bound);
				if (!values.containsKey("cpu") && !bound.equals("limits") || !values.containsKey("memory")) {
					violations.add(where + ": resources." + bound + " lacks cpu or memory");
				}
			}
		}
		return K8sObjects.list(pod, "containers");
	}

	private static void checkImage(String where, String image, List<String> violations) {
		String lastSegment = image.substring(image.lastIndexOf('/') + 1);
		if (!lastSegment.contains(":") && !image.contains("@sha256:")) {
			violations.add(where + ": image " + image + " has no tag");
		}
		if (image.endsWith(":latest")) {
			violations.add(where + ": image " + image + " uses :latest");
		}
	}

	private static void checkService(Map<String, Object> service, List<Map<String, Object>> workloads,
			List<String> violations) {
		Map<String, Object> selector = K8sObjects.map(service, "spec", "selector");
		Map<String, Object> workload = checkSelector(service, selector, workloads, violations);
		if (workload == null) {
			return;
		}
		Set<Object> containerPorts = new HashSet<>();
		for (Map<String, Object> container : K8sObjects.list(K8sObjects.podSpec(workload), "containers")) {
			for (Map<String, Object> port : K8sObjects.list(container, "ports")) {
				containerPorts.add(port.get("containerPort"));
				containerPorts.add(port.get("name"));
			}
		}
		for (Map<String, Object> port : K8sObjects.list(service, "spec", "ports")) {
			Object target = port.getOrDefault("targetPort", port.get("port"));
			if (!containerPorts.contains(target)) {
				violations.add(K8sObjects.name(service) + ": targetPort " + target + " is not a port of "
						+ K8sObjects.name(workload));
			}
		}
	}

	/** The workload whose pod labels the selector matches; a violation when none does. */
	private static Map<String, Object> checkSelector(Map<String, Object> object, Map<String, Object> selector,
			List<Map<String, Object>> workloads, List<String> violations) {
		if (selector.isEmpty()) {
			violations.add(K8sObjects.name(object) + ": empty selector");
			return null;
		}
		for (Map<String, Object> workload : workloads) {
			Map<String, Object> labels = K8sObjects.map(workload, "spec", "template", "metadata", "labels");
			if (labels.entrySet().containsAll(selector.entrySet())) {
				return workload;
			}
		}
		violations.add(K8sObjects.name(object) + ": selector " + selector + " matches no workload");
		return null;
	}

	private static void checkScaleTarget(Map<String, Object> object, List<Map<String, Object>> workloads,
			List<String> violations) {
		String target = K8sObjects.string(object, "spec", "scaleTargetRef", "name");
		boolean exists = workloads.stream()
			.anyMatch((w) -> String.valueOf(target).equals(K8sObjects.string(w, "metadata", "name")));
		if (!exists) {
			violations.add(K8sObjects.name(object) + ": scaleTargetRef " + target + " is not a Deployment");
		}
	}

	private static void checkServiceMonitor(Map<String, Object> monitor, List<Map<String, Object>> objects,
			List<String> violations) {
		Map<String, Object> selector = K8sObjects.map(monitor, "spec", "selector", "matchLabels");
		List<Map<String, Object>> services = objects.stream()
			.filter((o) -> "Service".equals(K8sObjects.kind(o)))
			.filter((s) -> K8sObjects.map(s, "metadata", "labels").entrySet().containsAll(selector.entrySet()))
			.toList();
		if (services.isEmpty()) {
			violations.add(K8sObjects.name(monitor) + ": selector " + selector + " matches no Service");
		}
		for (Map<String, Object> endpoint : K8sObjects.list(monitor, "spec", "endpoints")) {
			Object port = endpoint.get("port");
			for (Map<String, Object> service : services) {
				boolean named = K8sObjects.list(service, "spec", "ports")
					.stream()
					.anyMatch((p) -> port.equals(p.get("name")));
				if (!named) {
					violations.add(K8sObjects.name(monitor) + ": port " + port + " is not a named port of "
							+ K8sObjects.name(service));
				}
			}
			if (!SERVED_PATHS.contains(String.valueOf(endpoint.getOrDefault("path", "/metrics")))) {
				violations.add(K8sObjects.name(monitor) + ": path " + endpoint.get("path") + " is not served");
			}
		}
	}

}
