# Sourced by .ci/run and run-local: exports JAVA_HOME to a JDK >= 21 when the current one is older or missing.
# Paperboy needs 21+ (Lucene 10, virtual threads); machines often default to an older Java.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

paperboy_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$paperboy_java" >/dev/null 2>&1 || [ "$(java_major "$paperboy_java")" -lt 21 ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
  paperboy_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
fi
if ! command -v "$paperboy_java" >/dev/null 2>&1 || [ "$(java_major "$paperboy_java")" -lt 21 ]; then
  echo "Paperboy needs a JDK >= 21: set JAVA_HOME to one." >&2
  exit 1
fi
echo "using JAVA_HOME=${JAVA_HOME:-<default java on PATH>}"
