package com.learnflow.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** The service is ready only while a Kafka broker answers within the health timeout. */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KafkaHealthIndicator.class);

	private final KafkaAdmin kafkaAdmin;

	private final Duration timeout;

	private volatile Admin admin;

	private volatile boolean reachable = true;

	public KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout) {
		super("Kafka is not reachable");
		this.kafkaAdmin = kafkaAdmin;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		int timeoutMs = (int) this.timeout.toMillis();
		try {
			DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
			String clusterId = cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
			int nodes = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
			if (!this.reachable) {
				log.info("Kafka is reachable again (cluster {}, {} nodes)", clusterId, nodes);
				this.reachable = true;
			}
			builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
		}
		catch (ExecutionException ex) {
			// The cause says why, for example that SASL authentication failed: say it in
			// the log and the answer.
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			unreachable(cause);
			builder.down().withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage());
		}
		catch (TimeoutException ex) {
			unreachable(ex);
			builder.down().withDetail("error", "no answer within " + timeoutMs + " ms");
		}
	}

	private void unreachable(Throwable cause) {
		if (this.reachable) {
			log.warn("Kafka is not reachable; readiness is DOWN: {}", cause.toString());
			this.reachable = false;
		}
	}

	private Admin admin() {
		Admin current = this.admin;
		if (current == null) {
			synchronized (this) {
				if (this.admin == null) {
					this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
				}
				current = this.admin;
			}
		}
		return current;
	}

	@Override
	public void destroy() {
		Admin current = this.admin;
		if (current != null) {
			current.close(Duration.ofSeconds(1));
		}
	}

}
