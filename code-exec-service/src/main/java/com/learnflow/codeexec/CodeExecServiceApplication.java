package com.learnflow.codeexec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Accepts code-execution results from the LearnFlow frontend and publishes them to {@code code.executed}. */
@SpringBootApplication
public class CodeExecServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(CodeExecServiceApplication.class, args);
	}

}
