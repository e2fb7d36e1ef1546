/**
 * The detection rules, without Kafka: a student's
 * {@link com.learnflow.struggle.rules.Activity}, her
 * {@link com.learnflow.struggle.rules.StudentState}, the three rules, the cool-down and
 * escalation of {@link com.learnflow.struggle.rules.StruggleRules}, and their thresholds
 * ({@link com.learnflow.struggle.rules.DetectionProperties}). docs/struggle-detection.md
 * is their table.
 */
package com.learnflow.struggle.rules;
