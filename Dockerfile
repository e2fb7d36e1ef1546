# syntax=docker/dockerfile:1
# One image recipe for the four services; SERVICE names the module to build:
#   docker build --build-arg SERVICE=submission-service -t learnflow/submission-service:0.1.0 .
# SERVICE: submission-service (port 8081), code-exec-service (8082), exercise-service (8083), struggle-detector (8084).
# Without a Docker daemon, Jib builds the same image from Maven (see docs/deployment.md).

FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
RUN test -n "${SERVICE}" || { echo 'build with --build-arg SERVICE=<module directory>' >&2; exit 1; }
WORKDIR /workspace
COPY . .
# The local Maven repository is a build cache: a rebuild downloads only what changed.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl "${SERVICE}" -am package

FROM eclipse-temurin:17.0.15_6-jre
ARG SERVICE
RUN groupadd --system --gid 10001 learnflow \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin learnflow
# Owned by root and only readable by the service user: the process cannot change its own code.
COPY --from=build /workspace/${SERVICE}/target/${SERVICE}.jar /app/app.jar
USER 10001:10001
# Each image serves one of these, the one of its SERVICE.
EXPOSE 8081 8082 8083 8084
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-jar","/app/app.jar"]
