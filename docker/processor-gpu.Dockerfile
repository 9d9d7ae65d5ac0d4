# streambert processor image for NVIDIA GPUs (ONNX Runtime's CUDA provider, Maven profile gpu).
# Build from the repository root:
#   docker build -f docker/processor-gpu.Dockerfile -t streambert/processor-gpu .
# Run with the GPU visible (docker run --gpus all, or compose's deploy.resources.reservations).
# The base image carries the CUDA 12 runtime and cuDNN 9 that ONNX Runtime's CUDA build links
# against (ops/runbooks/gpu.md). model.execution.provider stays auto here: CUDA when available,
# else CPU with a log line saying so; STREAMBERT_MODEL_EXECUTION_PROVIDER=cuda fails instead.

# --- build: the shaded jar with onnxruntime_gpu ---
FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY schemas/ schemas/
COPY model/ model/
COPY processor/ processor/
COPY trainer/pom.xml trainer/pom.xml
COPY bench/pom.xml bench/pom.xml
COPY quickstart/pom.xml quickstart/pom.xml
RUN ./mvnw -B -ntp -q -Pgpu -pl processor -am package -DskipTests -Dspotless.check.skip=true

# --- the JRE, taken from the pinned Temurin image rather than the distribution's packages ---
FROM eclipse-temurin:17.0.15_6-jre-noble AS jre

# --- runtime: CUDA 12 runtime + cuDNN 9, the JRE and the jar, as a non-root user ---
FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
RUN useradd --system --uid 10001 --home /var/lib/streambert streambert \
 && mkdir -p /var/lib/streambert/state /var/lib/streambert/cache /bundles /store \
 && chown -R streambert /var/lib/streambert
COPY --from=build /src/processor/target/streambert-processor.jar /opt/streambert/streambert-processor.jar
USER 10001
# Full JIT on a GPU host, where Java does a larger share of the work (processor/README.md). The
# heap is fixed and touched at start as in the CPU image (see there; JDK_JAVA_OPTIONS changes it).
ENV STREAMBERT_STATE_DIR=/var/lib/streambert/state \
    JAVA_TOOL_OPTIONS="-Xms640m -Xmx640m -XX:+AlwaysPreTouch -Dai.djl.offline=true -DDJL_CACHE_DIR=/var/lib/streambert/cache/djl"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${STREAMBERT_HTTP_PORT:-8080} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/streambert/streambert-processor.jar"]
