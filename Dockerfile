# syntax=docker/dockerfile:1
# The Ficus gateway's image: built from this repository with the Maven wrapper, run on a distroless
# Java 17 runtime as a non-root user, with no shell. Build and run:
#   docker build -t ficus:0.1.0 .
#   docker run -p 8080:8080 -v "$PWD/examples/quickstart:/etc/ficus:ro" ficus:0.1.0
# The configuration comes from /etc/ficus/ficus.yml (a mounted volume: the Kubernetes ConfigMap), and
# everything Ficus writes (captures, the embedded evidence store, the Unleash backup) goes under
# /var/lib/ficus. docs/deploy.md has the rest; deploy/src/test runs this file's command line.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# Spring Boot's layered jar, extracted one folder per layer: dependencies change least, the application
# most, so a rebuild after a code change reuses the dependency layers.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl gateway -am package \
    && java -Djarmode=tools -jar gateway/target/ficus-gateway.jar extract --layers --destination /extracted

FROM gcr.io/distroless/java17-debian12:nonroot
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# The distroless "nonroot" user (uid 65532); the Deployment's securityContext says the same.
USER 65532:65532
EXPOSE 8080
# Heap from the container's memory limit (75%, the rest for threads, Netty's direct buffers and
# metaspace); exit on OutOfMemoryError so Kubernetes restarts the pod instead of it limping on.
# JAVA_TOOL_OPTIONS adds flags without rebuilding.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "ficus-gateway.jar"]
CMD ["--spring.config.additional-location=file:/etc/ficus/ficus.yml"]
