# streambert trainer image (CPU PyTorch from Maven Central).
# Build from the repository root:  docker build -f docker/trainer.Dockerfile -t streambert/trainer .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -pl trainer -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/streambert streambert \
 && mkdir -p /var/lib/streambert/cache /data /runs /bundles \
 && chown -R streambert /var/lib/streambert /runs /bundles
COPY --from=build /src/trainer/target/streambert-trainer.jar /opt/streambert/streambert-trainer.jar
USER streambert
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -Dai.djl.offline=true -DDJL_CACHE_DIR=/var/lib/streambert/cache/djl"
ENTRYPOINT ["java", "-jar", "/opt/streambert/streambert-trainer.jar"]
CMD ["--help"]
