package com.learnflow.bench;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;
import com.learnflow.localstack.StackService;

import com.learnflow.localstack.StackService;

/**
 * What the LearnFlow frontend sends, in a realistic mix: students start exercises (10 %),
 * run code many times with some failures (75 %, a fifth of them failing) and submit
 * quizzes (15 %).
 */
final class Workload {

	/** One request of the mix: where it goes and its body. */
	record Request(Endpoint endpoint, String body) {
	}

	/** The three ingest endpoints, with the topic and port each writes to. */
	enum Endpoint {

		EXERCISE_STARTS(StackService.EXERCISE_SERVICE, "/api/v1/exercise-starts", TopicCatalog.EXERCISE_STARTED),
		CODE_EXECUTIONS(StackService.CODE_EXEC_SERVICE, "/api/v1/code-executions", TopicCatalog.CODE_EXECUTED),
		SUBMISSIONS(StackService.SUBMISSION_SERVICE, "/api/v1/submissions", TopicCatalog.LEARNING_SUBMITTED);

		final String service;

		final String path;

		final String topic;

		final int port;

		Endpoint(StackService service, String path, EventTopic<?> topic) {
			this.service = service.serviceName();
			this.path = path;
			this.topic = topic.name();
			this.port = service.port(System.getenv());
		}

	}

	private final List<UUID> students;

	/** The one endpoint every request goes to, or {@code null} for the mix. */
	private final Endpoint only;

	Workload(int students) {
		this(students, null);
	}

	private Workload(int students, Endpoint only) {
		this.students = java.util.stream.Stream.generate(UUID::randomUUID).limit(students).toList();
		this.only = only;
	}

	/** The requests of one endpoint only, to load one service alone. */
	static Workload only(Endpoint endpoint, int students) {
		return new Workload(students, endpoint);
	}

	Request next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		UUID student = this.students.get(random.nextInt(this.students.size()));
		Endpoint endpoint = (this.only != null) ? this.only : pick(random.nextInt(100));
		switch (endpoint) {
			case EXERCISE_STARTS:
				return new Request(endpoint, """
						{"user_id":"%s","exercise_id":"%s"}""".formatted(student, UUID.randomUUID()));
			case CODE_EXECUTIONS:
				return codeExecution(student, random.nextInt(5) != 0);
			default:
				return new Request(endpoint, """
						{"user_id":"%s","class_id":"%s","quiz_id":"%s","score":%.1f}""".formatted(student,
						UUID.randomUUID(), UUID.randomUUID(), random.nextDouble(20, 100)));
		}
	}

	/**
	 * A code execution of the student; a failed one carries the same error text each
	 * time.
	 */
	static Request codeExecution(UUID student, boolean success) {
		return new Request(Endpoint.CODE_EXECUTIONS,
				"""
						{"user_id":"%s","session_id":"%s","language":"python","execution_time_ms":%d,"success":%s,"error":%s}"""
					.formatted(student, UUID.randomUUID(), ThreadLocalRandom.current().nextInt(5, 900), success,
							success ? "null" : "\"NameError: name 'total' is not defined\""));
	}

	private static Endpoint pick(int roll) {
		if (roll < 10) {
			return Endpoint.EXERCISE_STARTS;
		}
		return (roll < 85) ? Endpoint.CODE_EXECUTIONS : Endpoint.SUBMISSIONS;
	}

}
