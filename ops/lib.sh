# Shared helpers of the ops/ scripts; sourced, not run.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="$REPO_ROOT/ops/local"
DEFAULT_STATE_DIR="$REPO_ROOT/target/local-stack"
# A folder the scripts may wipe holds this file: --dir pointed at anything else is never deleted.
STATE_MARKER=".streambert-state"

die() { echo "error: $*" >&2; exit 1; }
info() { echo "[${STREAMBERT_LOG_TAG:-local-stack}] $*"; }

# Prints the java executable: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH.
java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    [[ -x "$JAVA_HOME/bin/java" ]] \
      || die "expected a java executable at \$JAVA_HOME/bin/java ($JAVA_HOME/bin/java), found none"
    echo "$JAVA_HOME/bin/java"
  else
    command -v java >/dev/null || die "expected java on the PATH or JAVA_HOME set, found neither"
    command -v java
  fi
}

# Runs the Maven wrapper quietly, offline first (everything is usually cached), online otherwise.
# Its output goes to stderr: callers capture classpaths from stdout.
mvnw_quiet() {
  "$REPO_ROOT/mvnw" -B -q -o "$@" >/dev/null 2>&1 || "$REPO_ROOT/mvnw" -B -q "$@" >&2
}

# Runs a main class of the processor's test sources (the benchmarks that drive processors in
# child JVMs) with the test classpath: compiles first when $1 is 1 or nothing was compiled yet.
# Usage: processor_test_main BUILD TAG HEAP MAIN_CLASS [ARG ...]; replaces the shell.
processor_test_main() {
  local build="$1" tag="$2" heap="$3" main="$4"
  shift 4
  local cp_file="$REPO_ROOT/processor/target/test-classpath.txt"
  if ((build)) || [[ ! -s "$cp_file" ]]; then
    echo "[$tag] building processor test classes (./mvnw -pl processor -am test-compile)"
    (cd "$REPO_ROOT" && mvnw_quiet -pl processor -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/test-classpath.txt -DincludeScope=test) || die "build failed"
  fi
  cd "$REPO_ROOT"
  exec "$(java_bin)" "-Xmx$heap" -Dai.djl.offline=true \
    -Dlogback.configurationFile=it/logback-it.xml \
    -cp "processor/target/test-classes:processor/target/classes:$(cat "$cp_file")" "$main" "$@"
}

# Runs a benchmark main class of the processor's test sources for an ops/bench script: -h and
# --help print the script's usage (its function usage), --no-build skips the compile, and the
# options named in PATH_OPTIONS take a path, made absolute since the JVM runs in the repository
# root. Usage: processor_bench TAG HEAP MAIN_CLASS "PATH_OPTIONS" [ARG ...]; replaces the shell.
processor_bench() {
  local tag="$1" heap="$2" main="$3" path_options=" $4 " build=1 expect_path=0 arg
  shift 4
  local args=()
  for arg in "$@"; do
    if ((expect_path)); then
      args+=("$(realpath -m -- "$arg")")
      expect_path=0
      continue
    fi
    case "$arg" in
      -h|--help) usage; exit 0 ;;
      --no-build) build=0 ;;
      --*=*)
        if [[ "$path_options" == *" ${arg%%=*} "* ]]; then
          args+=("${arg%%=*}=$(realpath -m -- "${arg#*=}")")
        else
          args+=("$arg")
        fi
        ;;
      *)
        [[ "$path_options" == *" $arg "* ]] && expect_path=1
        args+=("$arg")
        ;;
    esac
  done
  processor_test_main "$build" "$tag" "$heap" "$main" ${args[@]+"${args[@]}"}
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

# --- Processes ---------------------------------------------------------------------------------

# True when the pid in FILE names a live process (any process: see pid_ours before signalling).
pid_alive() {
  local file="$1"
  [[ -s "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null
}

# True when the pid in FILE is alive and its command line contains MARKER (the scripts pass a path
# of the state folder, which every process they start has on its command line). A pid file left
# from a crash may name a pid the system has since given to another program.
pid_ours() {
  local file="$1" marker="$2" pid args
  pid_alive "$file" || return 1
  pid="$(cat "$file")"
  if [[ -r "/proc/$pid/cmdline" ]]; then
    args="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  else
    args="$(ps -ww -o args= -p "$pid" 2>/dev/null)" || return 1
  fi
  [[ "$args" == *"$marker"* ]]
}

# Stops the process of pid file FILE when it is ours (see pid_ours): SIGTERM, SIGKILL after TIMEOUT
# seconds; removes the pid file. Leaves any other process alone and says so.
stop_ours() {
  local file="$1" marker="$2" timeout="$3" what="$4" pid
  if ! pid_alive "$file"; then
    rm -f "$file"
    return 0
  fi
  pid="$(cat "$file")"
  if ! pid_ours "$file" "$marker"; then
    info "$what: pid $pid in $file is not a process these scripts started; left it alone"
    rm -f "$file"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.3; done
  if kill -0 "$pid" 2>/dev/null; then
    info "$what (pid $pid) did not stop within ${timeout}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  info "$what stopped"
}

# --- Ports -------------------------------------------------------------------------------------

# True when something accepts connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Fails, naming the port, when something already listens on 127.0.0.1:PORT.
require_free_port() {
  local port="$1" what="$2"
  if port_open "$port"; then
    die "port $port for $what is already in use by another process; stop it or choose another" \
      "port (--help lists the port options)"
  fi
}

# Prints a port on 127.0.0.1 that nothing listens on now, from the range 20000-59999, other than
# the EXCLUDED ones (ports already chosen but not yet bound).
free_port() {
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((20000 + RANDOM % 40000))
    [[ " $* " == *" $port "* ]] && continue
    port_open "$port" || { echo "$port"; return 0; }
  done
  die "found no free port in 200 tries"
}

# True when process PID holds a socket listening on PORT. Linux: /proc; elsewhere lsof; without
# either it cannot tell and answers true (require_free_port before the start still guards).
port_held_by() {
  local port="$1" pid="$2" hex inodes inode
  if [[ -r /proc/net/tcp ]]; then
    printf -v hex '%04X' "$port"
    # Field 2 is local address:port, field 4 the state (0A: listening), field 10 the inode.
    inodes="$(awk -v p=":$hex" '$2 ~ p"$" && $4 == "0A" {print $10}' /proc/net/tcp /proc/net/tcp6 2>/dev/null)"
    [[ -n "$inodes" ]] || return 1
    for inode in $inodes; do
      if find "/proc/$pid/fd" -maxdepth 1 -lname "socket:\[$inode\]" 2>/dev/null | grep -q .; then
        return 0
      fi
    done
    return 1
  elif command -v lsof >/dev/null; then
    lsof -a -p "$pid" -iTCP:"$port" -sTCP:LISTEN >/dev/null 2>&1
  else
    return 0
  fi
}

# Waits until the process of PIDFILE listens on 127.0.0.1:PORT; fails when it exits, when another
# process answers on that port instead, or after TIMEOUT seconds.
wait_for_port() {
  local port="$1" timeout="$2" pidfile="$3" what="$4"
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    pid_alive "$pidfile" || die "$what exited during start-up; see its log in $(dirname "$pidfile")"
    if port_open "$port"; then
      port_held_by "$port" "$(cat "$pidfile")" && return 0
      die "port $port answers, but not from $what (pid $(cat "$pidfile")): another process holds it"
    fi
    sleep 0.3
  done
  die "$what did not listen on 127.0.0.1:$port within ${timeout}s"
}

# --- State folders -----------------------------------------------------------------------------

# True when DIR is a state folder of these scripts: it holds the marker, or it is a folder of an
# ops/local/start from before the marker (its generated broker config says so).
is_state_dir() {
  local dir="$1"
  [[ -f "$dir/$STATE_MARKER" ]] \
    || head -1 "$dir/server.properties" 2>/dev/null | grep -q '^# Generated by ops/local/start'
}

# Creates DIR (when missing) as a state folder these scripts may wipe later, and prints its
# absolute path. An existing non-empty folder that is not a state folder is refused.
state_dir_init() {
  local dir="$1"
  mkdir -p "$dir" || die "could not create the state folder $dir"
  dir="$(cd "$dir" && pwd -P)"
  if [[ -n "$(ls -A "$dir")" ]] && ! is_state_dir "$dir"; then
    die "expected an empty folder or a streambert state folder at $dir, found other files;" \
      "choose another --dir"
  fi
  [[ -f "$dir/$STATE_MARKER" ]] \
    || echo "state folder of the streambert ops scripts; they may delete it" >"$dir/$STATE_MARKER"
  echo "$dir"
}

# Deletes DIR when it is a state folder (see is_state_dir); refuses anything else.
wipe_state() {
  local dir="$1"
  [[ -e "$dir" ]] || return 0
  [[ -d "$dir" && ! -L "$dir" ]] || die "refusing to wipe '$dir': not a folder"
  dir="$(cd "$dir" && pwd -P)"
  case "$dir" in
    / | "$HOME" | "$REPO_ROOT") die "refusing to wipe '$dir'" ;;
  esac
  is_state_dir "$dir" \
    || die "refusing to wipe '$dir': it has no $STATE_MARKER file, so ops/local/start did not make it"
  rm -rf -- "$dir"
}
