# syntax=docker/dockerfile:1
# The image of one Paperboy service; the same file builds all three. Build context = repository root:
#   docker build --build-arg SERVICE=catalog-service --build-arg PORT=8082 -t paperboy/catalog-service .
# (docker compose passes both from docker-compose.yml.) No configuration or secret is baked in: everything comes
# from environment variables at run time.
ARG SERVICE=catalog-service
ARG PORT=8080

# ---- build: the Maven wrapper on a JDK 25 ----
FROM eclipse-temurin:25-jdk AS build
ARG SERVICE
WORKDIR /src
# Poms first, so dependency downloads are cached while only sources change. Maven needs every module the root pom
# names (OperatorStackFilesTest checks this list against pom.xml).
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY contracts/pom.xml contracts/
COPY mongo-stand-in/pom.xml mongo-stand-in/
COPY test-support/pom.xml test-support/
COPY service-support/pom.xml service-support/
COPY ingest-service/pom.xml ingest-service/
COPY catalog-service/pom.xml catalog-service/
COPY notify-service/pom.xml notify-service/
COPY system-tests/pom.xml system-tests/
COPY local-stack/pom.xml local-stack/
COPY contracts/src contracts/src
COPY mongo-stand-in/src mongo-stand-in/src
COPY test-support/src test-support/src
COPY service-support/src service-support/src
COPY local-stack/src local-stack/src
COPY samples samples
COPY ${SERVICE}/src ${SERVICE}/src
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl ${SERVICE} -am package -DskipTests \
 && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /src/app.jar
# Split the Boot jar into layers (dependencies change less often than the application).
RUN java -Djarmode=tools -jar /src/app.jar extract --layers --launcher --destination /src/extracted

# ---- run: a JRE 25, non-root ----
FROM eclipse-temurin:25-jre
ARG PORT
RUN groupadd --system --gid 10001 paperboy \
 && useradd --system --uid 10001 --gid paperboy --no-create-home --home-dir /app --shell /usr/sbin/nologin paperboy
WORKDIR /app
COPY --from=build /src/extracted/dependencies/ ./
COPY --from=build /src/extracted/spring-boot-loader/ ./
COPY --from=build /src/extracted/snapshot-dependencies/ ./
COPY --from=build /src/extracted/application/ ./
# The service's own files (the catalog's Lucene index defaults to ./data/catalog-index). A volume mounted here
# starts with this directory's owner, so the non-root user can write to it.
RUN mkdir -p /app/data && chown paperboy:paperboy /app/data

ENV SERVER_PORT=${PORT}
EXPOSE ${PORT}
USER paperboy:paperboy
# Readiness (HTTP 200 = UP, 503 = not ready) over plain bash (/dev/tcp): no curl or wget needed in the image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200'"]
# Container-aware heap; die on OOM so the orchestrator restarts the container. Add flags with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
