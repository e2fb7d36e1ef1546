# One runtime image recipe for the four services. It holds no build: the jar is the one `./mvnw package` made on
# the host (the jar the tests ran and ./learnflow up runs), so the build stage needs neither a Maven image nor
# Maven Central from inside a container. Build the jar first, then the image:
#   ./mvnw -B -DskipTests -pl submission-service -am package
#   docker build --build-arg SERVICE=submission-service -t learnflow/submission-service:0.1.0 .
# SERVICE: submission-service (port 8081), code-exec-service (8082), exercise-service (8083), struggle-detector (8084),
# or ops, the operations tool of k8s/components/ops (no port), with JAR=ops-exec.jar:
#   ./mvnw -B -DskipTests -pl ops -am package
#   docker build --build-arg SERVICE=ops --build-arg JAR=ops-exec.jar -t learnflow/ops:0.1.0 .
# Jib (the root pom.xml) builds the same image without a daemon: same base, jar, user, ports and entrypoint.
# .ci/image-check builds both on a local Debian JRE base (BASE_IMAGE) and runs them (docs/deployment.md).

ARG BASE_IMAGE=eclipse-temurin:17.0.15_6-jre
FROM ${BASE_IMAGE}
ARG SERVICE
ARG JAR=${SERVICE}.jar
# Owned by root, mode 644: the service user reads its code and cannot change it. No layer but this one, as in Jib.
COPY ${SERVICE}/target/${JAR} /app/
# A uid without a passwd entry, as Jib's image has (Jib runs no commands); Kubernetes runs it as 10001 too.
USER 10001:10001
# Each image serves one of these, the one of its SERVICE.
EXPOSE 8081 8082 8083 8084
# glibc gives each busy thread a malloc arena of its own, up to 8 per core of the node (not of the pod), which the
# detector's RocksDB threads fill and never hand back: two keep the resident memory within the pod's limit.
ENV MALLOC_ARENA_MAX=2
# Spring Boot's launcher from the one jar in /app: the same command for every service, and in Jib's image. Half of
# the container's memory is the heap; the other half holds what the JVM and RocksDB use beside it
# (docs/deployment.md, "Memory").
ENTRYPOINT ["java","-XX:MaxRAMPercentage=50","-cp","/app/*","org.springframework.boot.loader.launch.JarLauncher"]
