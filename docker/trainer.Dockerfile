# streambert trainer image (CPU PyTorch from Maven Central): finetune, evaluate, export, publish.
# Build from the repository root:  docker build -f docker/trainer.Dockerfile -t streambert/trainer .

# --- build: the trainer's shaded jar ---
FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY schemas/ schemas/
COPY model/ model/
COPY trainer/ trainer/
COPY processor/pom.xml processor/pom.xml
COPY bench/pom.xml bench/pom.xml
COPY quickstart/pom.xml quickstart/pom.xml
RUN ./mvnw -B -ntp -q -pl trainer -am package -DskipTests -Dspotless.check.skip=true

# --- runtime: a JRE and the jar, as a non-root user ---
FROM eclipse-temurin:17.0.15_6-jre-noble
RUN useradd --system --uid 10001 --home /var/lib/streambert streambert \
 && mkdir -p /var/lib/streambert/cache /data /runs /store \
 && chown -R streambert /var/lib/streambert /runs /store
COPY --from=build /src/trainer/target/streambert-trainer.jar /opt/streambert/streambert-trainer.jar
USER 10001
# As ops/train runs it: nothing downloaded at run time, PyTorch unpacked into the cache folder.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true -DDJL_CACHE_DIR=/var/lib/streambert/cache/djl -DENGINE_CACHE_DIR=/var/lib/streambert/cache/djl"
ENTRYPOINT ["java", "-jar", "/opt/streambert/streambert-trainer.jar"]
CMD ["--help"]
