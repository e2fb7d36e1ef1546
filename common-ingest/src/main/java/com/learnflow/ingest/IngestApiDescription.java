package com.learnflow.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import com.learnflow.kafka.StrictJson;
import com.learnflow.security.Scopes;

/**
 * Describes every ingest endpoint the same way, from one place: {@code 202} with where the event was written, and
 * the problem answers of {@link IngestProblemAdvice}. Request bodies admit no field beyond those described.
 */
class IngestApiDescription implements OpenApiCustomizer {

	private static final String PROBLEM = "application/problem+json";

	private static final String BEARER = "bearer";

	private final String service;

	IngestApiDescription(String service) {
		this.service = service;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getInfo()
			.title("LearnFlow Events: " + this.service)
			.version("v1")
			.description("Publishes one event per accepted request to its Kafka topic. Answers 202 only after the"
					+ " broker acknowledged the write (acks=all). Errors are RFC 9457 problem details.");
		openApi.getComponents().addSchemas("Problem", problemSchema());
		openApi.getComponents().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("JWT")
			.description("An OAuth 2.0 access token (JWT, RS256) of the platform's identity provider, with aud"
					+ " learnflow-events. Scopes (the scope claim): events:write posts events for any student;"
					+ " events:write:self posts only events whose user_id is the token's sub."));
		openApi.getComponents().getSchemas().forEach((name, schema) -> {
			if (name.endsWith("Request")) {
				schema.additionalProperties(Boolean.FALSE);
				describeForms(schema);
			}
		});
		openApi.getPaths().forEach((path, item) -> {
			if (path.startsWith("/api/") && item.getPost() != null) {
				describe(item.getPost());
			}
		});
	}

	private static void describe(Operation operation) {
		ApiResponse ok = operation.getResponses().remove("200");
		ApiResponses responses = new ApiResponses();
		responses.addApiResponse("202", new ApiResponse()
			.description("Accepted: the event is on its topic at this partition and offset")
			.content(json(ok.getContent().values().iterator().next().getSchema())));
		problems().forEach((status, description) -> responses.addApiResponse(status,
				new ApiResponse().description(description).content(problem())));
		operation.setResponses(responses);
		// Either scope will do: two alternative requirements.
		operation.security(List.of(new SecurityRequirement().addList(BEARER, List.of(Scopes.EVENTS_WRITE)),
				new SecurityRequirement().addList(BEARER, List.of(Scopes.EVENTS_WRITE_SELF))));
		operation.getParameters()
			.stream()
			.filter((parameter) -> IngestEndpoint.IDEMPOTENCY_KEY.equals(parameter.getName()))
			.forEach((parameter) -> parameter.description("Makes a retry yield the same event_id instead of a new"
					+ " event; 1 to 255 printable ASCII characters. Reusing a key for a different request is a 422.")
				.getSchema()
				.minLength(1)
				.maxLength(255));
	}

	/** The only forms {@link StrictJson} reads: UUIDs of 8-4-4-4-12 hex digits, RFC 3339 with an offset. */
	@SuppressWarnings("rawtypes")
	private static void describeForms(Schema<?> request) {
		Map<String, Schema> properties = request.getProperties();
		if (properties == null) {
			return;
		}
		properties.values().forEach((property) -> {
			if ("uuid".equals(property.getFormat())) {
				property.pattern("^" + StrictJson.UUID_FORM.pattern() + "$");
			}
			else if ("date-time".equals(property.getFormat())) {
				property.pattern("^" + StrictJson.OFFSET_DATE_TIME_FORM.pattern() + "$")
					.description("RFC 3339 with an offset and a four-digit year, such as 2026-12-01T10:30:00Z;"
							+ " within the event-time window (by default 7 days before to 5 minutes after the"
							+ " server's clock); set by the server when absent");
			}
		});
	}

	private static Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("400", "Malformed JSON, a field given twice, or invalid fields; errors[] names each field");
		problems.put("401", "No bearer token, or one that is not valid (signature, issuer, audience, expiry);"
				+ " WWW-Authenticate says why. Nothing was published");
		problems.put("403", "A valid token without events:write, or a student's token (events:write:self) for another"
				+ " student's user_id. Nothing was published");
		problems.put("413", "Request body larger than 64 KiB");
		problems.put("415", "Content type other than application/json");
		problems.put("422", "Idempotency-Key already used with a different request");
		problems.put("429", "The token's subject posted more than its rate limit allows; retry after Retry-After"
				+ " seconds");
		problems.put("503", "Kafka did not acknowledge in time. The event may still have been written: retry after"
				+ " Retry-After seconds with the same Idempotency-Key, and send one with every request, so that a"
				+ " retry cannot duplicate the event");
		return problems;
	}

	private static Content json(Schema<?> schema) {
		return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
				new MediaType().schema(schema));
	}

	private static Content problem() {
		return new Content().addMediaType(PROBLEM,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Schema fieldProblem = new Schema<>().type("object")
			.addProperty("field", new Schema<>().type("string"))
			.addProperty("message", new Schema<>().type("string"));
		return new Schema<>().type("object")
			.description("RFC 9457 problem details")
			.addProperty("type", new Schema<>().type("string"))
			.addProperty("title", new Schema<>().type("string"))
			.addProperty("status", new Schema<>().type("integer"))
			.addProperty("detail", new Schema<>().type("string"))
			.addProperty("instance", new Schema<>().type("string"))
			.addProperty("errors", new Schema<>().type("array").items(fieldProblem));
	}

}
