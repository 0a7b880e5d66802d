# Sourced by ./mvnw and .ci/run: Metaroute needs a JDK >= 21 (web3j 4.14 is Java 21 bytecode).
# Keeps JAVA_HOME when it already points at one; otherwise picks the newest JDK >= 21 under
# /usr/lib/jvm, and stops with a clear message when there is none.
metaroute_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
metaroute_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(metaroute_java_major "$JAVA_HOME")
    [ "${major:-0}" -ge 21 ] 2>/dev/null && return 0
  fi
  best=""; best_major=0
  for candidate in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(metaroute_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "Metaroute needs a JDK 21 or newer: set JAVA_HOME to one (none found under /usr/lib/jvm)." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
metaroute_select_jdk || exit 1
