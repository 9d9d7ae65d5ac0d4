# Shared helpers for the ops/local scripts; sourced, not run.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL_DIR="$REPO_ROOT/ops/local"
DEFAULT_STATE_DIR="$REPO_ROOT/target/local-stack"

die() { echo "error: $*" >&2; exit 1; }
info() { echo "[local-stack] $*"; }

# Runs the Maven wrapper quietly, offline first (everything is usually cached), online otherwise.
# Its output goes to stderr: callers capture classpaths from stdout.
mvnw_quiet() {
  "$REPO_ROOT/mvnw" -B -q -o "$@" >/dev/null 2>&1 || "$REPO_ROOT/mvnw" -B -q "$@" >&2
}

# Prints the classpath of the Kafka broker and tools (kafka_2.13 jars from Maven), cached per pom.
kafka_classpath() {
  local state_dir="$1" file="$1/kafka.classpath"
  mkdir -p "$state_dir"
  if [[ ! -s "$file" || "$LOCAL_DIR/pom.xml" -nt "$file" ]]; then
    mvnw_quiet -f "$LOCAL_DIR/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$file" -DincludeScope=runtime \
      || die "could not resolve the Kafka jars with Maven (see the output above)"
  fi
  cat "$file"
}

# Prints the classpath of the schemas module (MiniSchemaRegistry), compiling it when needed.
registry_classpath() {
  local state_dir="$1" file="$1/registry.classpath"
  mkdir -p "$state_dir"
  if [[ ! -d "$REPO_ROOT/schemas/target/classes/io/streambert/schemas" ]]; then
    info "compiling the schemas module (for MiniSchemaRegistry)" >&2
    (cd "$REPO_ROOT" && mvnw_quiet -pl schemas compile -Dspotless.check.skip=true) \
      || die "could not compile the schemas module"
  fi
  if [[ ! -s "$file" || "$REPO_ROOT/schemas/pom.xml" -nt "$file" ]]; then
    (cd "$REPO_ROOT" && mvnw_quiet -pl schemas dependency:build-classpath \
      -Dmdep.outputFile="$file" -DincludeScope=runtime) \
      || die "could not resolve the schemas module's classpath"
  fi
  echo "$REPO_ROOT/schemas/target/classes:$(cat "$file"):$(kafka_classpath "$state_dir")"
}

# True when the pid in FILE names a live process.
pid_alive() {
  local file="$1"
  [[ -s "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null
}

# Waits until 127.0.0.1:PORT accepts connections, or fails after TIMEOUT seconds.
wait_for_port() {
  local port="$1" timeout="$2" pidfile="$3" what="$4"
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    pid_alive "$pidfile" || die "$what exited during start-up; see its log in $(dirname "$pidfile")"
    sleep 0.3
  done
  die "$what did not listen on 127.0.0.1:$port within ${timeout}s"
}

# Java executable: JAVA_HOME when set, else the one on PATH.
java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}
