package com.learnflow.ingest;

/**
 * One invalid field of a request.
 *
 * @param field the field's JSON name
 * @param message what is wrong with it
 */
public record FieldProblem(String field, String message) {
}
