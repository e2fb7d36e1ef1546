package com.learnflow.bench.anchor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's anchor, started by {@code ./learnflow bench} beside the services, on
 * the same broker.
 */
@SpringBootApplication
public class BareIngestApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareIngestApplication.class, args);
	}

}
