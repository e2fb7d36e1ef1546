package com.learnflow.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every object that every kustomize combination renders passes a strict schema check:
 * Kubernetes kinds are read by the official Kubernetes Java model, which refuses unknown
 * fields, missing required fields and wrong types; the Prometheus Operator, KEDA and Dapr
 * kinds are checked against the schemas in {@code crd-schemas/}.
 */
class ManifestSchemaTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	/**
	 * The Kubernetes kinds the manifests and the Kafka chart use, each with the model's
	 * strict check.
	 */
	static final Map<String, Consumer<JsonElement>> KUBERNETES_KINDS = Map.ofEntries(
			Map.entry("Namespace", strict(V1Namespace::validateJsonElement)),
			Map.entry("Deployment", strict(V1Deployment::validateJsonElement)),
			Map.entry("StatefulSet", strict(V1StatefulSet::validateJsonElement)),
			Map.entry("Job", strict(V1Job::validateJsonElement)),
			Map.entry("CronJob", strict(V1CronJob::validateJsonElement)),
			Map.entry("PersistentVolumeClaim", strict(V1PersistentVolumeClaim::validateJsonElement)),
			Map.entry("Service", strict(V1Service::validateJsonElement)),
			Map.entry("ServiceAccount", strict(V1ServiceAccount::validateJsonElement)),
			Map.entry("ConfigMap", strict(V1ConfigMap::validateJsonElement)),
			Map.entry("Secret", strict(V1Secret::validateJsonElement)),
			Map.entry("PodDisruptionBudget", strict(V1PodDisruptionBudget::validateJsonElement)),
			Map.entry("HorizontalPodAutoscaler", strict(V2HorizontalPodAutoscaler::validateJsonElement)),
			Map.entry("NetworkPolicy", strict(V1NetworkPolicy::validateJsonElement)));

	/** Custom resources, each with its schema under {@code crd-schemas/}. */
	static final List<String> CUSTOM_KINDS = List.of("ServiceMonitor", "PrometheusRule", "ScaledObject",
			"TriggerAuthentication", "Component");

	static List<Manifests.Combination> combinations() {
		return Manifests.combinations();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("combinations")
	void everyRenderedObjectPassesItsSchema(Manifests.Combination combination) {
		List<Map<String, Object>> objects = Manifests.render(combination);
		assertThat(objects).as("objects rendered for " + combination).isNotEmpty();
		objects.forEach((object) -> assertPassesItsSchema(combination.toString(), object));
	}

	/**
	 * The strict check of one rendered object: the Kubernetes model for its kind, or its
	 * custom resource schema.
	 */
	static void assertPassesItsSchema(String source, Map<String, Object> object) {
		String kind = K8sObjects.kind(object);
		String json = JSON.writeValueAsString(object);
		if (KUBERNETES_KINDS.containsKey(kind)) {
			try {
				KUBERNETES_KINDS.get(kind).accept(JsonParser.parseString(json));
			}
			catch (RuntimeException ex) {
				throw new AssertionError(source + ": " + K8sObjects.name(object) + ": " + ex.getMessage(), ex);
			}
		}
		else {
			assertThat(CUSTOM_KINDS).as(source + ": " + K8sObjects.name(object) + " is a kind without a schema")
				.contains(kind);
			assertThat(schemaOf(kind).validate(JSON.readTree(json))).as(source + ": " + K8sObjects.name(object))
				.isEmpty();
		}
	}

	/**
	 * The check can fail: a typo, a missing required field and a wrong type are each
	 * refused.
	 */
	@Test
	void theStrictCheckRefusesWhatKubernetesWouldRefuse() {
		String deployment = """
				{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
				 "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": {"metadata": {"labels": {"app": "x"}},
				 "spec": {"containers": [{"name": "x", "image": "x:1", %s}]}}}}""";
		assertThatThrownBy(() -> KUBERNETES_KINDS.get("Deployment")
			.accept(JsonParser.parseString(deployment.formatted("\"imagePullPolicyy\": \"Always\""))))
			.hasMessageContaining("imagePullPolicyy");
		assertThatThrownBy(() -> KUBERNETES_KINDS.get("Deployment")
			.accept(JsonParser.parseString(deployment.formatted("\"ports\": [{\"name\": \"http\"}]"))))
			.hasMessageContaining("containerPort");
		assertThatThrownBy(() -> KUBERNETES_KINDS.get("Deployment")
			.accept(JsonParser.parseString(deployment.formatted("\"args\": \"--verbose\""))))
			.hasMessageContaining("args");
		assertThat(schemaOf("ServiceMonitor").validate(JSON.readTree("""
				{"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": {"name": "x"},
				 "spec": {"selector": {}, "endpoints": [{"port": "http", "interval": "often"}]}}"""))).isNotEmpty();
	}

	static Schema schemaOf(String kind) {
		try (InputStream in = ManifestSchemaTests.class.getResourceAsStream("/crd-schemas/" + kind + ".schema.json")) {
			assertThat(in).as("schema of " + kind).isNotNull();
			return SCHEMAS.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Consumer<JsonElement> strict(Validation validation) {
		return (json) -> {
			try {
				validation.validate(json);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	@FunctionalInterface
	interface Validation {

		void validate(JsonElement json) throws IOException;

	}

}
