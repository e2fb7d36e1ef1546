package com.learnflow.localstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.CatalogTopics;

/**
 * The catalog's topics on a broker, for {@code ./learnflow}: wait for the broker, create
 * the missing topics, describe them. One JVM does what would take several Kafka CLI
 * calls.
 *
 * <p>
 * Usage:
 * {@code CatalogTopicsCommand <bootstrap-servers> await <seconds> | create | describe}
 */
public final class CatalogTopicsCommand {

	private CatalogTopicsCommand() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("usage: CatalogTopicsCommand <bootstrap-servers> await <seconds> | create | describe");
			System.exit(2);
		}
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0], AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
						5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
			switch (args[1]) {
				case "await" -> System.exit(await(admin, Duration.ofSeconds(Long.parseLong(args[2]))) ? 0 : 1);
				case "create" -> {
					List<String> created = CatalogTopics.createMissing(admin, Duration.ofSeconds(30));
					System.out.println(created.isEmpty() ? "All catalog topics exist." : "Created " + created);
				}
				case "describe" -> System.exit(describe(admin, System.out) ? 0 : 1);
				default -> {
					System.err.println("unknown command " + args[1]);
					System.exit(2);
				}
			}
		}
	}

	/** Waits until the broker answers, or the time is up. */
	static boolean await(Admin admin, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (answers(admin)) {
				return true;
			}
			TimeUnit.MILLISECONDS.sleep(250);
		}
		return false;
	}

	/** Whether the broker describes its cluster within 3 s. */
	static boolean answers(Admin admin) {
		try {
			admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS);
			return true;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
	}

	/**
	 * Prints each catalog topic's partitions, replication and retention.
	 * @return whether every catalog topic exists
	 */
	static boolean describe(Admin admin, PrintStream out) throws Exception {
		List<String> names = TopicCatalog.all().stream().map(EventTopic::name).toList();
		Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
		List<ConfigResource> resources = new ArrayList<>();
		names.forEach((name) -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name)));
		Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
		out.printf("%-20s %10s %12s %14s%n", "TOPIC", "PARTITIONS", "REPLICATION", "RETENTION.MS");
		for (String name : names) {
			TopicDescription description = descriptions.get(name);
			Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
			out.printf("%-20s %10d %12d %14s%n", name, description.partitions().size(),
					description.partitions().get(0).replicas().size(),
					config.get(TopicConfig.RETENTION_MS_CONFIG).value());
		}
		return descriptions.keySet().containsAll(Set.copyOf(names));
	}

}
