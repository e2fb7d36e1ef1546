package com.learnflow.localstack;

import java.util.Arrays;
import java.util.Map;

/**
 * The local stack's four services, in the order {@code ./learnflow up} starts them, each
 * with its HTTP port and the variable that moves it.
 *
 * <p>
 * The detector comes last: it reads the topics the three others write.
 */
public enum StackService {

	SUBMISSION_SERVICE("submission-service", "SUBMISSION_SERVICE_PORT", 8081),

	CODE_EXEC_SERVICE("code-exec-service", "CODE_EXEC_SERVICE_PORT", 8082),

	EXERCISE_SERVICE("exercise-service", "EXERCISE_SERVICE_PORT", 8083),

	STRUGGLE_DETECTOR("struggle-detector", "STRUGGLE_DETECTOR_PORT", 8084);

	private final String serviceName;

	private final String portVariable;

	private final int defaultPort;

	StackService(String serviceName, String portVariable, int defaultPort) {
		this.serviceName = serviceName;
		this.portVariable = portVariable;
		this.defaultPort = defaultPort;
	}

	/** The module's and the process's name, such as {@code code-exec-service}. */
	public String serviceName() {
		return this.serviceName;
	}

	/** The environment variable that sets the port. */
	public String portVariable() {
		return this.portVariable;
	}

	/** The port when its variable is unset. */
	public int defaultPort() {
		return this.defaultPort;
	}

	/** The port in this environment: its variable's value, or the default. */
	public int port(Map<String, String> environment) {
		String configured = environment.get(this.portVariable);
		if (configured == null || configured.isBlank()) {
			return this.defaultPort;
		}
		try {
			int port = Integer.parseInt(configured.trim());
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new LocalStackException(this.portVariable + " must be a port (1-65535), not '" + configured + "'");
		}
	}

	/** The service of this name. */
	public static StackService named(String serviceName) {
		return Arrays.stream(values())
			.filter((service) -> service.serviceName.equals(serviceName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no service named " + serviceName));
	}

}
