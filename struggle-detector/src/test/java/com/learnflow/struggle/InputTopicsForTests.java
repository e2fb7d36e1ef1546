package com.learnflow.struggle;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.OwnedTopics;

/**
 * In the detector's tests no ingest service runs to create the input topics it owns, so
 * the tests stand in for them: the detector's start creates them too, as the ingest
 * services would have before it.
 */
@AutoConfiguration
class InputTopicsForTests {

	@Bean
	OwnedTopics inputTopicsOfTheIngestServices() {
		return new OwnedTopics(TopicCatalog.activity(), List.of());
	}

}
