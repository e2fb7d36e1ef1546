package com.learnflow.test;

import java.util.HashMap;
import java.util.Map;

/**
 * One broker per test JVM that requires SASL SCRAM, with a client user {@value #USERNAME}
 * and a random password, started when first asked for and stopped when the JVM ends.
 */
public final class ScramBroker {

	public static final String USERNAME = "learnflow";

	/**
	 * A constant, so that a test can name it in its properties; the broker exists only
	 * inside the test run.
	 */
	public static final String PASSWORD = "learnflow-test-scram";

	private static KafkaBrokerProcess broker;

	private ScramBroker() {
	}

	public static synchronized KafkaBrokerProcess shared() {
		if (broker == null) {
			broker = KafkaBrokerProcess.startWithScram(KafkaBrokerProcess.newDirectory(), USERNAME, PASSWORD);
			Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "scram-broker-stop"));
		}
		return broker;
	}

	/** The client settings of the test user, with the given mechanism. */
	public static Map<String, Object> clientConfig(String mechanism) {
		Map<String, Object> config = new HashMap<>();
		config.put("bootstrap.servers", shared().bootstrapServers());
		config.put("security.protocol", "SASL_PLAINTEXT");
		config.put("sasl.mechanism", mechanism);
		config.put("sasl.jaas.config", KafkaBrokerProcess.Scram.jaas(USERNAME, PASSWORD));
		return config;
	}

}
