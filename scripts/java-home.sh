#!/usr/bin/env bash
# Prints a JAVA_HOME whose java is version 21 or newer: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
set -euo pipefail

major_of() {
  local version
  version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  echo "${version%%.*}"
}

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(major_of "$JAVA_HOME") >= 21 )); then
  echo "$JAVA_HOME"
  exit 0
fi

best="" best_major=0
for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
  major=$(major_of "$candidate")
  if (( major >= 21 && major > best_major )); then best="$candidate" best_major=$major; fi
done

if [[ -z "$best" ]]; then
  echo "No JDK 21 or newer found: set JAVA_HOME to one, or install one (e.g. apt-get install openjdk-21-jdk)." >&2
  exit 1
fi
echo "$best"
