package com.learnflow.deployment;

import java.util.List;
import java.util.Map;

/** Reading rendered Kubernetes objects, which are plain maps and lists. */
final class K8sObjects {

	private K8sObjects() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object object, String... path) {
		Object current = object;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return Map.of();
			}
			current = map.get(key);
		}
		return (current instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object object, String... path) {
		Object current = object;
		for (int i = 0; i < path.length; i++) {
			if (!(current instanceof Map<?, ?> map)) {
				return List.of();
			}
			current = map.get(path[i]);
		}
		return (current instanceof List<?> list) ? (List<Map<String, Object>>) list : List.of();
	}

	static String string(Map<String, Object> object, String... path) {
		Object current = object;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return (current != null) ? current.toString() : null;
	}

	static String kind(Map<String, Object> object) {
		return string(object, "kind");
	}

	static String name(Map<String, Object> object) {
		return kind(object) + "/" + string(object, "metadata", "name");
	}

	/** The pod template of a workload, or an empty map. */
	static Map<String, Object> podSpec(Map<String, Object> workload) {
		return map(workload, "spec", "template", "spec");
	}

}
