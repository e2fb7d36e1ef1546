package com.learnflow.deployment;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.learnflow.kafka.KafkaAcls;
import com.learnflow.localstack.KafkaAclsCommand;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment takes its Kafka users and ACLs from common-kafka's {@link KafkaAcls}:
 * the generated parts of values-secure.yaml and docs/deployment.md are current, the chart
 * gets one user per client and the authorizer, and in prod every Deployment, KEDA and
 * Dapr log in as their own user, behind NetworkPolicies.
 */
class KafkaAclsDeploymentTests {

	static final Manifests.Combination PROD_WITH_ALL = new Manifests.Combination("prod", Manifests.components());

	@Test
	void theGeneratedAclListIsCurrent() throws IOException {
		assertThat(KafkaAclsCommand.stale(Manifests.ROOT)).as("stale: run k8s/kafka/generate-acls").isEmpty();
	}

	@Test
	void theChartHasOneUserPerClientTheAuthorizerAndOnlyTheBrokersAndOpsAsSuperUsers() {
		Map<String, Object> values = Manifests.parse(Manifests.K8S.resolve("kafka").resolve("values-secure.yaml"));
		assertThat(K8sObjects.map(values, "sasl", "client").get("users")).isEqualTo(KafkaAcls.CLIENT_USERS);
		assertThat(K8sObjects.string(values, "sasl", "interbroker", "user")).isEqualTo(KafkaAcls.INTER_BROKER);
		assertThat(K8sObjects.string(values, "sasl", "controller", "user")).isEqualTo(KafkaAcls.CONTROLLER);
		assertThat(K8sObjects.map(values, "overrideConfiguration")).containsAllEntriesOf(
				Map.of("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
						"allow.everyone.if.no.acl.found", "false", "super.users", KafkaAcls.superUsersConfig()));
		assertThat(K8sObjects.map(values, "provisioning").get("extraProvisioningCommands"))
			.isEqualTo(KafkaAcls.provisioningCommands(KafkaAclsCommand.ENVIRONMENT));
	}

	@Test
	void theAclListIsForTheProdOverlaysEnvironment() {
		Map<String, Object> config = Manifests.render(new Manifests.Combination("prod", List.of()))
			.stream()
			.filter((object) -> "ConfigMap".equals(K8sObjects.kind(object)))
			.filter((object) -> K8sObjects.string(object, "metadata", "name").startsWith("learnflow-config"))
			.findFirst()
			.orElseThrow();
		assertThat(K8sObjects.string(config, "data", "LEARNFLOW_ENV")).isEqualTo(KafkaAclsCommand.ENVIRONMENT);
		assertThat(K8sObjects.string(config, "data", "LEARNFLOW_KAFKA_PROVISION_TOPICS")).isEqualTo("false");
	}

	@Test
	void eachServiceLogsInAsItsOwnUserWithItsOwnSecret() {
		Set<String> secrets = new HashSet<>();
		List<Map<String, Object>> deployments = Manifests.render(PROD_WITH_ALL)
			.stream()
			.filter((object) -> "Deployment".equals(K8sObjects.kind(object)))
			.toList();
		assertThat(deployments).hasSize(4);
		for (Map<String, Object> deployment : deployments) {
			String service = K8sObjects.string(deployment, "metadata", "name");
			Map<String, Map<String, Object>> env = new HashMap<>();
			K8sObjects.list(K8sObjects.podSpec(deployment), "containers")
				.forEach((container) -> K8sObjects.list(container, "env")
					.forEach((variable) -> env.put(K8sObjects.string(variable, "name"), variable)));
			assertThat(K8sObjects.string(env.get("KAFKA_SASL_USERNAME"), "value")).as(service).isEqualTo(service);
			assertThat(KafkaAcls.CLIENT_USERS).contains(service);
			String secret = K8sObjects.string(env.get("KAFKA_SASL_PASSWORD"), "valueFrom", "secretKeyRef", "name");
			assertThat(secret).as(service).isEqualTo(service + "-kafka-credentials");
			assertThat(secrets.add(secret)).as(service + "'s Secret is its own").isTrue();
		}
	}

	@Test
	void kedaAndDaprLogInAsTheirOwnUsersWithTheGroupsTheAclsName() {
		List<Map<String, Object>> objects = Manifests.render(PROD_WITH_ALL);
		String environment = KafkaAclsCommand.ENVIRONMENT;

		Map<String, Object> trigger = K8sObjects.list(only(objects, "ScaledObject"), "spec", "triggers").get(0);
		assertThat(K8sObjects.string(trigger, "metadata", "consumerGroup"))
			.isEqualTo(KafkaAcls.detectorApplicationId(environment));
		assertThat(K8sObjects.list(only(objects, "TriggerAuthentication"), "spec", "secretTargetRef"))
			.filteredOn((ref) -> List.of("username", "password").contains(K8sObjects.string(ref, "parameter")))
			.hasSize(2)
			.allSatisfy((ref) -> assertThat(K8sObjects.string(ref, "name")).isEqualTo("keda-kafka-credentials"));

		Map<String, Map<String, Object>> dapr = new HashMap<>();
		K8sObjects.list(only(objects, "Component"), "spec", "metadata")
			.forEach((entry) -> dapr.put(K8sObjects.string(entry, "name"), entry));
		assertThat(K8sObjects.string(dapr.get("consumerGroup"), "value")).isEqualTo(KafkaAcls.DAPR_GROUP);
		assertThat(K8sObjects.string(dapr.get("saslUsername"), "value")).isEqualTo(KafkaAcls.DAPR);
		assertThat(K8sObjects.string(dapr.get("saslPassword"), "secretKeyRef", "name"))
			.isEqualTo("dapr-kafka-credentials");
	}

	@Test
	void prodDeniesAllTrafficButWhatTheSuiteNeedsAndReachesKafkaOnTheClientPortOnly() {
		List<Map<String, Object>> policies = Manifests.render(new Manifests.Combination("prod", List.of()))
			.stream()
			.filter((object) -> "NetworkPolicy".equals(K8sObjects.kind(object)))
			.toList();
		assertThat(policies).extracting((policy) -> K8sObjects.string(policy, "metadata", "name"))
			.contains("default-deny-all", "allow-egress-kafka");
		Map<String, Object> kafka = policies.stream()
			.filter((policy) -> "allow-egress-kafka".equals(K8sObjects.string(policy, "metadata", "name")))
			.findFirst()
			.orElseThrow();
		assertThat(K8sObjects.list(kafka, "spec", "egress").get(0).get("ports"))
			.isEqualTo(List.of(Map.of("protocol", "TCP", "port", 9092)));
	}

	private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
		List<Map<String, Object>> ofKind = objects.stream()
			.filter((object) -> kind.equals(K8sObjects.kind(object)))
			.toList();
		assertThat(ofKind).as(kind).hasSize(1);
		return ofKind.get(0);
	}

}
