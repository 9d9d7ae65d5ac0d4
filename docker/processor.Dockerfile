# streambert processor image, CPU (ONNX Runtime's CPU provider).
# Build from the repository root:  docker build -f docker/processor.Dockerfile -t streambert/processor .
# GPU hosts: docker/processor-gpu.Dockerfile.

# --- build: the shaded jar, from the sources only (.dockerignore keeps target/ and .git out) ---
FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
WORKDIR /src
# The reactor needs every module's pom; -pl processor -am builds only what the processor needs.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY schemas/ schemas/
COPY model/ model/
COPY processor/ processor/
COPY trainer/pom.xml trainer/pom.xml
COPY bench/pom.xml bench/pom.xml
COPY quickstart/pom.xml quickstart/pom.xml
RUN ./mvnw -B -ntp -q -pl processor -am package -DskipTests -Dspotless.check.skip=true

# --- runtime: a JRE and the jar, as a non-root user ---
FROM eclipse-temurin:17.0.15_6-jre-noble
RUN useradd --system --uid 10001 --home /var/lib/streambert streambert \
 && mkdir -p /var/lib/streambert/state /var/lib/streambert/cache /bundles /store \
 && chown -R streambert /var/lib/streambert
COPY --from=build /src/processor/target/streambert-processor.jar /opt/streambert/streambert-processor.jar
USER 10001
# C1-only JIT: the model runs in native code, the processor's Java share is small, and on a few
# cores the C2 compiler's first minutes cost more CPU than C2 code saves (ops/bench/RESULTS.md).
# A fixed heap, touched at start (-Xms = -Xmx, AlwaysPreTouch): resident memory that then grows
# across model swaps is native memory, not heap pages touched late. Fixed, not a share of RAM:
# pre-touching 60 % of a host without a container limit would take most of its memory, and in a
# tight container it would leave too little for two models during a swap. 640m is what the
# benchmarks run with (the live heap is tens of MiB); change it with
# JDK_JAVA_OPTIONS="-Xms1g -Xmx1g", which the JVM reads after JAVA_TOOL_OPTIONS.
ENV STREAMBERT_STATE_DIR=/var/lib/streambert/state \
    JAVA_TOOL_OPTIONS="-Xms640m -Xmx640m -XX:+AlwaysPreTouch -XX:TieredStopAtLevel=1 -Dai.djl.offline=true -DDJL_CACHE_DIR=/var/lib/streambert/cache/djl"
EXPOSE 8080
# Asks /health (200 unless Kafka Streams is failing or stopped) on http.port; bash's /dev/tcp,
# so the image needs no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${STREAMBERT_HTTP_PORT:-8080} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Configuration comes from STREAMBERT_* environment variables, or mount a file and pass
# --config /etc/streambert/processor.properties.
ENTRYPOINT ["java", "-jar", "/opt/streambert/streambert-processor.jar"]
