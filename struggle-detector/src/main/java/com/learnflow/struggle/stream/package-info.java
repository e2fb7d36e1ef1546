/**
 * The Kafka Streams wiring around the rules: reading and validating the input topics
 * ({@link com.learnflow.struggle.stream.InputParser}), dead letters, re-keying by
 * student, the state stores and their binary forms, the processor that applies the rules
 * and schedules stall checks, and the alerts written to {@code struggle.detected}
 * ({@link com.learnflow.struggle.stream.StruggleTopology}).
 */
package com.learnflow.struggle.stream;
