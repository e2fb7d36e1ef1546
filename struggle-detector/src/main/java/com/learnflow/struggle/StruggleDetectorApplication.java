package com.learnflow.struggle;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * Reads the learning topics, finds students who struggle and publishes
 * {@code struggle.detected}.
 */
@SpringBootApplication
@EnableKafkaStreams
@ConfigurationPropertiesScan
public class StruggleDetectorApplication {

	public static void main(String[] args) {
		SpringApplication.run(StruggleDetectorApplication.class, args);
	}

}
