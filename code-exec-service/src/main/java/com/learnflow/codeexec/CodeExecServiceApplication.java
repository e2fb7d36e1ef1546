package com.learnflow.codeexec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

/**
 * Accepts code-execution results from the LearnFlow frontend and publishes them to
 * {@code code.executed}.
 */
@SpringBootApplication
public class CodeExecServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(CodeExecServiceApplication.class, args);
	}

	/** The topic every event this service takes is published to. */
	@Bean
	EventTopic<CodeExecuted> publishedTopic() {
		return TopicCatalog.CODE_EXECUTED;
	}

}
