package com.learnflow.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;

/**
 * {@code ./learnflow}'s commands on the local stack ({@link LocalStack}), but for
 * {@code bench}, {@code chaos} and {@code soak}, which the launcher runs in the
 * benchmark's JVM.
 */
public final class LearnflowCommand {

	static final String USAGE = """
			LearnFlow Events on one machine, without Docker: a real single-node KRaft Kafka broker (Kafka's own jars
			from Maven Central) and the four services, each as its own process on 127.0.0.1.

			  ./learnflow up       build what is missing, start the broker, start the services (each creates the
			                       topics it writes; the detector starts last)
			  ./learnflow down     stop exactly the processes that 'up' started
			  ./learnflow status   show what runs
			  ./learnflow topics   describe the catalog topics on the broker
			  ./learnflow logs     list the log files
			  ./learnflow token --user UUID [--ttl 1h]
			  ./learnflow token --service NAME --scope "SCOPE ..." [--ttl 1h]
			                       print a bearer token (RS256 JWT) signed with the local key, on one line: a
			                       student's (sub = her user_id, scopes events:write:self struggles:read:self) or a
			                       trusted service's with exactly the scopes given (events:write, events:write:self,
			                       struggles:read, struggles:read:self, ops:read); --ttl as 90s, 30m, 6h or 2d.
			                       Makes the key pair if missing
			  ./learnflow bench [--quick] [--replay-only | --detection-only | --batch-only] [--out DIR]
			                       benchmark the running stack against Kafka's own tools and a bare controller, with
			                       wrk for maximum throughput (Debian's wrk package; docs/benchmark.md); writes
			                       bench/results/latest.{md,json,-latency.png}; fails when an event answered 202 is
			                       missing or duplicated, or the detector replay fails. --replay-only: the detector
			                       replay alone, printed (LEARNFLOW_REPLAY_JVM_OPTS adds JVM options to the
			                       replaying detector, e.g. a profiler); --detection-only: the end-to-end detection
			                       latency phase alone; --batch-only: the batch endpoint's runs alone, against
			                       ProducerPerformance in the same run
			  ./learnflow chaos    kill and pause the broker, kill the detector, send poison and future-dated records,
			                       add an input partition, all under load; fails when a guarantee breaks
			  ./learnflow soak [--minutes N]
			                       grow alerts, idempotency keys and stream subscribers for N minutes (default 5) and
			                       sample the detector's and code-exec-service's heap after GC and RSS; writes
			                       bench/results/soak.md
			  ./learnflow backup FILE
			                       write the catalog's topics (partitions, replication, their own configs), every
			                       consumer group's committed offsets and the detector's internal topics to one JSON
			                       file (docs/runbook.md)
			  ./learnflow restore FILE
			                       create the missing topics of a backup and restore its groups' offsets, on the same
			                       cluster or another (translated by time); refuses groups that have members
			  ./learnflow replay --to-earliest | --to-datetime yyyy-MM-ddTHH:mm:ss.SSS
			                       stop the detector, reset its Kafka Streams application (input offsets, internal
			                       topics) with Kafka's reset tool, delete its local state and start it again: its
			                       alerts come out again with the same ids
			  ./learnflow partitions TOPIC COUNT
			                       add partitions to an input topic and its dead-letter topic; refuses a decrease
			                       and, for now, struggle.detected

			Settings (environment variables):
			  LEARNFLOW_HOME            data, PIDs and logs (default: .learnflow in the repository)
			  LEARNFLOW_KAFKA_PORT      broker port (default %d); LEARNFLOW_CONTROLLER_PORT (default %d)
			%s
			  LEARNFLOW_ENV             environment name in consumer group ids (default local)
			  LEARNFLOW_READY_TIMEOUT   seconds to wait for each process to be ready (default 120)
			  LEARNFLOW_JWT_ISSUER, LEARNFLOW_JWT_AUDIENCE, LEARNFLOW_JWT_JWK_SET_URI, LEARNFLOW_JWT_PUBLIC_KEY
			                            the services' token validation (docs/deployment.md). Unset, 'up' makes an RSA
			                            key pair in $LEARNFLOW_HOME/jwt (signing-key.pem, mode 600, and
			                            signing-key.pub.pem) and runs the services with issuer learnflow-local and
			                            that public key: ./learnflow token's.
			  LEARNFLOW_TOKEN           the bearer token bench, chaos and soak send (default: a service token from the
			                            local key with events:write struggles:read)
			""".formatted(LocalStack.DEFAULT_KAFKA_PORT, LocalStack.DEFAULT_CONTROLLER_PORT, servicePorts());

	/** The services' port variables with their defaults, two to a line. */
	private static String servicePorts() {
		StringBuilder lines = new StringBuilder();
		StackService[] services = StackService.values();
		for (int i = 0; i < services.length; i++) {
			lines.append((i % 2 == 0) ? "  " : ", ")
				.append(services[i].portVariable())
				.append(" (")
				.append(services[i].defaultPort())
				.append(')');
			if (i % 2 == 1 && i < services.length - 1) {
				lines.append('\n');
			}
		}
		return lines.toString();
	}

	/** {@code --to-datetime}'s form, as Kafka's reset tool takes it. */
	private static final Pattern DATETIME = Pattern
		.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}(Z|[+-][0-9]{2}:?[0-9]{2})?");

	private LearnflowCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(List.of(args), LocalStack.fromEnvironment(), System.out, System.err));
	}

	/** The command line without {@code System.exit}: its exit code. */
	static int run(List<String> args, LocalStack stack, PrintStream out, PrintStream err) {
		String command = args.isEmpty() ? "help" : args.get(0);
		List<String> operands = args.subList(Math.min(1, args.size()), args.size());
		try {
			return switch (command) {
				case "up" -> up(stack, out);
				case "down" -> done(() -> stack.down(out));
				case "status" -> done(() -> stack.status(out));
				case "topics" -> topics(stack, out);
				case "logs" -> logs(stack, out);
				case "token" -> LocalTokens.run(
						Stream.concat(Stream.of(stack.jwtDir().toString(), "token"), operands.stream()).toList(), out,
						err);
				case "backup", "restore" ->
					(operands.size() == 1) ? stack.runOps(args) : usage(err, "usage: ./learnflow " + command + " FILE");
				case "partitions" -> (operands.size() == 2) ? stack.runOps(args)
						: usage(err, "usage: ./learnflow partitions TOPIC COUNT");
				case "replay" -> replay(stack, operands, out, err);
				case "help", "--help", "-h" -> {
					out.print(USAGE);
					yield 0;
				}
				default -> usage(err, "unknown command '" + command + "'\n\n" + USAGE);
			};
		}
		catch (LocalStackException ex) {
			err.println("learnflow: " + ex.getMessage());
			return 1;
		}
	}

	private static int up(LocalStack stack, PrintStream out) {
		stack.up(out);
		String student = "3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
		String tokenHint = stack.usesLocalKey() ? "TOKEN=$(./learnflow token --user " + student + ")"
				: "TOKEN=<a token of your issuer for this student>";
		out.printf(
				"""

						LearnFlow Events is up. Kafka: %s. Logs: %s. Stop it with ./learnflow down.

						Try:
						  %s
						  curl -i -X POST http://127.0.0.1:%d/api/v1/code-executions \\
						    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
						    -d '{"user_id":"%s","session_id":"0b9e7c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d","language":"python","execution_time_ms":150,"success":false,"error":"NameError"}'

						Health: http://127.0.0.1:%d/actuator/health   Metrics: .../actuator/prometheus
						""",
				stack.bootstrap(), stack.logs(), tokenHint, stack.port(StackService.CODE_EXEC_SERVICE), student,
				stack.port(StackService.SUBMISSION_SERVICE));
		return 0;
	}

	private static int topics(LocalStack stack, PrintStream out) {
		stack.pid(LocalStack.KAFKA);
		try (Admin admin = Admin.create(stack.adminClientConfig())) {
			return CatalogTopicsCommand.describe(admin, out) ? 0 : 1;
		}
		catch (Exception ex) {
			throw new LocalStackException("the topics could not be described: " + ex.getMessage(), ex);
		}
	}

	private static int logs(LocalStack stack, PrintStream out) {
		try (Stream<Path> files = Files.list(stack.logs())) {
			List<Path> logs = files.filter((file) -> file.toString().endsWith(".log")).sorted().toList();
			logs.forEach(out::println);
			if (logs.isEmpty()) {
				out.println("no logs yet");
			}
		}
		catch (IOException ex) {
			out.println("no logs yet");
		}
		return 0;
	}

	/**
	 * Stops the local detector, resets its application (Kafka Streams' reset tool, in the
	 * operations tool), deletes its local state and starts it again: it reads its input
	 * again from the given point and emits its alerts again, with the same ids.
	 */
	private static int replay(LocalStack stack, List<String> operands, PrintStream out, PrintStream err) {
		boolean valid = (operands.size() == 1 && operands.get(0).equals("--to-earliest")) || (operands.size() == 2
				&& operands.get(0).equals("--to-datetime") && DATETIME.matcher(operands.get(1)).matches());
		if (!valid) {
			return usage(err, "usage: ./learnflow replay --to-earliest | --to-datetime yyyy-MM-ddTHH:mm:ss.SSS (UTC)");
		}
		stack.pid(LocalStack.KAFKA);
		stack.stop(StackService.STRUGGLE_DETECTOR.serviceName(), out);
		List<String> reset = Stream.concat(Stream.of("replay"), operands.stream()).toList();
		if (stack.runOps(reset) != 0) {
			throw new LocalStackException(
					"the detector was not reset; it stays stopped (./learnflow up starts it again)");
		}
		out.println("Deleted the detector's local state (" + stack.deleteDetectorState() + ").");
		return up(stack, out);
	}

	private static int done(Runnable action) {
		action.run();
		return 0;
	}

	private static int usage(PrintStream err, String message) {
		err.println(message);
		return 2;
	}

}
