package com.learnflow.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description a service serves at {@code /v3/api-docs} is the one committed
 * under {@code docs/api/}, so that a change to the API shows up in review. Run the build
 * with {@code -Dopenapi.write=true} to update the committed file after an intended
 * change.
 */
public final class OpenApiDocument {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private OpenApiDocument() {
	}

	public static void assertServedMatchesCommitted(int port, String service) {
		var response = HttpJson.get(port, "/v3/api-docs");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode served = withoutServers(JSON.readTree(response.body()));
		assertThat(served.get("openapi").asString()).startsWith("3.1");
		Path committed = Path.of("..", "docs", "api", service + ".openapi.json");
		try {
			if (Boolean.getBoolean("openapi.write")) {
				Files.createDirectories(committed.getParent());
				Files.writeString(committed, JSON.writeValueAsString(served) + "\n");
			}
			assertThat(committed).as("committed OpenAPI document; create it with -Dopenapi.write=true").exists();
			assertThat(served)
				.as("served /v3/api-docs differs from " + committed.normalize()
						+ "; if the change is intended, run the build with -Dopenapi.write=true and commit the file")
				.isEqualTo(JSON.readTree(Files.readString(committed)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The servers list names the random port of the test; it is not part of the API. */
	private static JsonNode withoutServers(JsonNode document) {
		((ObjectNode) document).remove("servers");
		return document;
	}

}
