# streambert processor image.
# Build from the repository root:  docker build -f docker/processor.Dockerfile -t streambert/processor .
# GPU image: add  --build-arg MAVEN_PROFILES=gpu  and run on a host with CUDA 12 + cuDNN 9
# (ONNX Runtime's CUDA provider); without them the processor logs the fallback and serves on CPU.
FROM eclipse-temurin:17-jdk AS build
ARG MAVEN_PROFILES=""
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -pl processor -am package -DskipTests ${MAVEN_PROFILES:+-P${MAVEN_PROFILES}}

FROM eclipse-temurin:17-jre
# C1-only JIT: the model runs in native code, the processor's Java share is small, and on a few
# cores the C2 compiler's first minutes cost more CPU than C2 code saves (ops/bench/RESULTS.md). GPU image,
# where Java does a larger share of the work:  --build-arg JIT_OPTS=
ARG JIT_OPTS="-XX:TieredStopAtLevel=1"
RUN useradd --system --home /var/lib/streambert streambert \
 && mkdir -p /var/lib/streambert/state /var/lib/streambert/cache /bundles \
 && chown -R streambert /var/lib/streambert
COPY --from=build /src/processor/target/streambert-processor.jar /opt/streambert/streambert-processor.jar
USER streambert
# -Xss4m: the native tokenizer (HuggingFace tokenizers through JNI) needs more stack than the
# default 1 MiB on the threads that encode text, as the ops scripts and the tests run it.
ENV STREAMBERT_STATE_DIR=/var/lib/streambert/state \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -Xss4m ${JIT_OPTS} -Dai.djl.offline=true -DDJL_CACHE_DIR=/var/lib/streambert/cache/djl"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
# Configuration comes from STREAMBERT_* environment variables, or mount a file and pass
# --config /etc/streambert/processor.properties.
ENTRYPOINT ["java", "-jar", "/opt/streambert/streambert-processor.jar"]
