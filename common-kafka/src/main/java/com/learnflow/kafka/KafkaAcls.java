package com.learnflow.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

/**
 * Who may do what on a secured LearnFlow Kafka, written once: one SCRAM user per service,
 * KEDA and Dapr, each allowed exactly its own topics, groups and transactional ids
 * (derived from the topic catalog and the detector's application id), and super users
 * only for the brokers themselves and for operators.
 *
 * <p>
 * The broker runs KRaft's {@code StandardAuthorizer} with
 * {@code allow.everyone.if.no.acl.found=false}: whatever is not granted here is refused.
 * The chart's provisioning job applies {@link #provisioningCommands(String)}
 * ({@code k8s/kafka/values-secure.yaml}); deployment-tests check that file against this
 * list.
 */
public final class KafkaAcls {

	public static final String SUBMISSION_SERVICE = "submission-service";

	public static final String CODE_EXEC_SERVICE = "code-exec-service";

	public static final String EXERCISE_SERVICE = "exercise-service";

	public static final String STRUGGLE_DETECTOR = "struggle-detector";

	/** KEDA's Kafka scaler, which reads the detector group's lag. */
	public static final String KEDA = "keda";

	/** The Dapr sidecars of the {@code kafka-pubsub} component. */
	public static final String DAPR = "dapr";

	/** People and CLI tools (docs/runbook.md), and the chart's provisioning job. */
	public static final String OPS = "ops";

	/** The chart's {@code sasl.interbroker.user}: brokers replicating from each other. */
	public static final String INTER_BROKER = "inter_broker_user";

	/**
	 * The chart's {@code sasl.controller.user}: KRaft controllers, and brokers talking to
	 * them.
	 */
	public static final String CONTROLLER = "controller_user";

	/**
	 * The consumer group of the Dapr component {@code kafka-pubsub}
	 * ({@code k8s/components/dapr}).
	 */
	public static final String DAPR_GROUP = "learnflow-api";

	/**
	 * The Kafka Streams application id's purpose:
	 * {@code struggle-detector-{environment}-detection}.
	 */
	static final String DETECTION = "detection";

	/**
	 * The SCRAM users the chart creates ({@code sasl.client.users}), {@value #OPS} first:
	 * the chart's provisioning job logs in as the first user, and it creates topics and
	 * ACLs.
	 */
	public static final List<String> CLIENT_USERS = List.of(OPS, SUBMISSION_SERVICE, CODE_EXEC_SERVICE,
			EXERCISE_SERVICE, STRUGGLE_DETECTOR, KEDA, DAPR);

	/** The only principals the authorizer lets do anything without an ACL. */
	public static final List<String> SUPER_USERS = List.of(INTER_BROKER, CONTROLLER, OPS);

	/** The ingest service that writes each activity topic, and nothing else. */
	static final List<Ingest> INGEST = List.of(new Ingest(SUBMISSION_SERVICE, TopicCatalog.LEARNING_SUBMITTED),
			new Ingest(CODE_EXEC_SERVICE, TopicCatalog.CODE_EXECUTED),
			new Ingest(EXERCISE_SERVICE, TopicCatalog.EXERCISE_STARTED));

	/** The topic that Dapr apps publish to (such as a Python FastAPI producer). */
	static final EventTopic<?> DAPR_PUBLISHES = TopicCatalog.LEARNING_SUBMITTED;

	/**
	 * The topic that Dapr apps subscribe to: the suite's output, for downstream apps such
	 * as notifications.
	 */
	static final EventTopic<?> DAPR_SUBSCRIBES = TopicCatalog.STRUGGLE_DETECTED;

	private static final String ACLS_SCRIPT = "/opt/bitnami/kafka/bin/kafka-acls.sh";

	/**
	 * How the chart's provisioning job reaches the brokers and logs in
	 * (templates/provisioning/job.yaml).
	 */
	private static final String PROVISIONING_CONNECTION = "--bootstrap-server ${KAFKA_SERVICE}"
			+ " --command-config /shared/client.properties";

	private KafkaAcls() {
	}

	/**
	 * The Kafka Streams application id of the detector: its group, and the prefix of its
	 * internal topics.
	 */
	public static String detectorApplicationId(String environment) {
		return new ConsumerGroupId(STRUGGLE_DETECTOR, environment, DETECTION).value();
	}

	/** The broker's {@code super.users} setting. */
	public static String superUsersConfig() {
		return SUPER_USERS.stream().map((user) -> "User:" + user).collect(Collectors.joining(";"));
	}

	/** Every grant, in the order the provisioning applies them. */
	public static List<Grant> grants(String environment) {
		String detector = detectorApplicationId(environment);
		List<String> activity = TopicCatalog.all()
			.stream()
			.filter((topic) -> topic != TopicCatalog.STRUGGLE_DETECTED)
			.map(EventTopic::name)
			.toList();
		List<String> deadLetters = TopicCatalog.all().stream().map(EventTopic::deadLetterTopic).toList();
		String alerts = TopicCatalog.STRUGGLE_DETECTED.name();
		String internal = detector + "-";

		List<Grant> grants = new ArrayList<>();
		for (Ingest ingest : INGEST) {
			grants.add(new Grant(ingest.user(), ResourceType.TOPIC, PatternType.LITERAL, List.of(ingest.topic().name()),
					List.of(AclOperation.WRITE),
					"writes its topic; WRITE on a topic also gives its idempotent producer a producer id"));
		}
		grants.add(new Grant(STRUGGLE_DETECTOR, ResourceType.TOPIC, PatternType.LITERAL, activity,
				List.of(AclOperation.READ), "reads the activity topics"));
		grants.add(new Grant(STRUGGLE_DETECTOR, ResourceType.TOPIC, PatternType.LITERAL, List.of(alerts),
				List.of(AclOperation.READ, AclOperation.WRITE), "writes alerts; its read API's view reads them back"));
		grants.add(new Grant(STRUGGLE_DETECTOR, ResourceType.TOPIC, PatternType.LITERAL, deadLetters,
				List.of(AclOperation.WRITE), "dead-letters records it cannot read or write"));
		grants.add(new Grant(STRUGGLE_DETECTOR, ResourceType.TOPIC, PatternType.LITERAL,
				List.of(detector + TopicCatalog.DEAD_LETTER_SUFFIX), List.of(AclOperation.CREATE, AclOperation.WRITE),
				"creates and writes its own dead-letter topic, for records of its internal topics"));
		grants.add(new Grant(STRUGGLE_DETECTOR, ResourceType.TOPIC, PatternType.PREFIXED, List.of(internal),
				List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE),
				"Kafka Streams' internal topics: creates them, reads and writes them, deletes repartitioned records"));
		grants.add(new Grant(STRUGGLE_DETECTOR, ResourceType.GROUP, PatternType.LITERAL, List.of(detector),
				List.of(AclOperation.READ), "its consumer group, the application id"));
		grants.add(new Grant(STRUGGLE_DETECTOR, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, List.of(internal),
				List.of(AclOperation.WRITE), "exactly-once: the transactions of its stream threads"));
		grants.add(new Grant(KEDA, ResourceType.GROUP, PatternType.LITERAL, List.of(detector),
				List.of(AclOperation.DESCRIBE), "the detector group's committed offsets"));
		grants.add(new Grant(KEDA, ResourceType.TOPIC, PatternType.LITERAL, activity, List.of(AclOperation.DESCRIBE),
				"the end offsets of the detector's inputs"));
		grants.add(new Grant(KEDA, ResourceType.TOPIC, PatternType.PREFIXED, List.of(internal),
				List.of(AclOperation.DESCRIBE), "the end offsets of the detector's repartition topic"));
		grants.add(new Grant(DAPR, ResourceType.TOPIC, PatternType.LITERAL, List.of(DAPR_PUBLISHES.name()),
				List.of(AclOperation.WRITE), "Dapr apps publish learning activity"));
		grants.add(new Grant(DAPR, ResourceType.TOPIC, PatternType.LITERAL, List.of(DAPR_SUBSCRIBES.name()),
				List.of(AclOperation.READ), "Dapr apps subscribe to alerts"));
		grants.add(new Grant(DAPR, ResourceType.GROUP, PatternType.LITERAL, List.of(DAPR_GROUP),
				List.of(AclOperation.READ), "the component's consumerGroup, which its subscriptions share"));
		return grants;
	}

	/** Every grant as the ACL bindings the broker stores. */
	public static List<AclBinding> bindings(String environment) {
		return grants(environment).stream().flatMap((grant) -> grant.bindings().stream()).toList();
	}

	/**
	 * The grants as the chart's provisioning job runs them: one
	 * {@code kafka-acls.sh --add} per grant, connected and logged in as the job is.
	 * Adding an ACL that exists changes nothing, so every upgrade may run them again.
	 */
	public static List<String> provisioningCommands(String environment) {
		return grants(environment).stream()
			.map((grant) -> ACLS_SCRIPT + " " + PROVISIONING_CONNECTION + " " + String.join(" ", grant.arguments()))
			.toList();
	}

	/**
	 * One line of the ACL list: a user allowed some operations on some resources of one
	 * type and pattern.
	 *
	 * @param user the SCRAM user
	 * @param resourceType topics, groups or transactional ids
	 * @param patternType a literal name or a prefix
	 * @param names the names or prefixes
	 * @param operations what the user may do on each
	 * @param why what the user needs it for, in a few words
	 */
	public record Grant(String user, ResourceType resourceType, PatternType patternType, List<String> names,
			List<AclOperation> operations, String why) {

		public String principal() {
			return "User:" + this.user;
		}

		/** One binding per name and operation, from any host. */
		public List<AclBinding> bindings() {
			List<AclBinding> bindings = new ArrayList<>();
			for (String name : this.names) {
				for (AclOperation operation : this.operations) {
					bindings.add(new AclBinding(new ResourcePattern(this.resourceType, name, this.patternType),
							new AccessControlEntry(principal(), "*", operation, AclPermissionType.ALLOW)));
				}
			}
			return bindings;
		}

		/**
		 * The {@code kafka-acls.sh} arguments that add the grant, after the connection
		 * options.
		 */
		public List<String> arguments() {
			List<String> arguments = new ArrayList<>(List.of("--add", "--allow-principal", principal()));
			if (this.patternType != PatternType.LITERAL) {
				arguments.addAll(List.of("--resource-pattern-type", this.patternType.name().toLowerCase(Locale.ROOT)));
			}
			this.operations
				.forEach((operation) -> arguments.addAll(List.of("--operation", pascalCase(operation.name()))));
			String option = "--" + this.resourceType.name().toLowerCase(Locale.ROOT).replace('_', '-');
			this.names.forEach((name) -> arguments.addAll(List.of(option, name)));
			return arguments;
		}

		private static String pascalCase(String constant) {
			StringBuilder name = new StringBuilder();
			for (String word : constant.split("_")) {
				name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
			}
			return name.toString();
		}

	}

	/**
	 * @param user the ingest service's user
	 * @param topic the one topic it writes
	 */
	record Ingest(String user, EventTopic<?> topic) {
	}

}
