package com.learnflow.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image tag the build gives (Jib's {@code image.tag}) is the one the manifests and
 * docker-compose run, the operations image's included.
 */
class ImageTagsTests {

	static final List<String> SERVICES = List.of("submission-service", "code-exec-service", "exercise-service",
			"struggle-detector");

	@Test
	void oneTagEverywhere() throws IOException {
		Matcher pom = Pattern.compile("<image\\.tag>([^<]+)</image\\.tag>")
			.matcher(Files.readString(Manifests.ROOT.resolve("pom.xml")));
		assertThat(pom.find()).as("image.tag in the root pom").isTrue();
		String tag = pom.group(1);

		Map<String, Object> base = Manifests.parse(Manifests.K8S.resolve("base").resolve("kustomization.yaml"));
		assertThat(K8sObjects.list(base, "images")).extracting((image) -> image.get("name"))
			.containsExactlyInAnyOrderElementsOf(SERVICES.stream().map((s) -> "learnflow/" + s).toList());
		assertThat(K8sObjects.list(base, "images"))
			.allSatisfy((image) -> assertThat(image.get("newTag")).isEqualTo(tag));
		Map<String, Object> ops = Manifests
			.parse(Manifests.K8S.resolve("components").resolve("ops").resolve("kustomization.yaml"));
		assertThat(K8sObjects.list(ops, "images")).singleElement()
			.satisfies((image) -> assertThat(image).containsEntry("name", "learnflow/ops")
				.containsEntry("newName", "ghcr.io/learnflow/ops")
				.containsEntry("newTag", tag));

		String compose = Files.readString(Manifests.ROOT.resolve("docker-compose.yml"));
		for (String service : SERVICES) {
			assertThat(compose).contains("image: learnflow/" + service + ":" + tag);
		}
	}

}
