#!/usr/bin/env bash
# A Neo4j 2026 server by hand, for exploration, as the tests start it (Cypher 25 by default, loopback,
# user neo4j, password $GRAPHVAULT_NEO4J_PASSWORD or the tests' one). Prints `graphvault-neo4j-bolt=<uri>`
# when ready; stops when its stdin closes (Ctrl-D) or on Ctrl-C. In the background:
#   sleep infinity | bash servers/neo4j-2026/run.sh > /tmp/neo4j-2026.log 2>&1 &
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
java_home="${GRAPHVAULT_TEST_JAVA21:?Neo4j 2026 needs Java 21+: set GRAPHVAULT_TEST_JAVA21 to its home}"
server="$here/target/neo4j"
[ -x "$java_home/bin/java" ] || { echo "Neo4j 2026 needs Java 21+: no $java_home/bin/java (set GRAPHVAULT_TEST_JAVA21)" >&2; exit 1; }
[ -f "$server/lib.classpath" ] || mvn -B -ntp -q -f "$here/pom.xml" package >&2
work="$(mktemp -d -t graphvault-neo4j-2026-XXXXXX)"
"$java_home/bin/javac" -nowarn -d "$work/classes" -cp "$server/lib/*" \
  "$root/graphvault/src/test/java/io/graphvault/testing/server/Neo4jServerMain.java"
echo "files and log in $work" >&2
export GRAPHVAULT_NEO4J_PASSWORD="${GRAPHVAULT_NEO4J_PASSWORD:-graphvault-test-password}"
unsafe=()  # Java 24+ only: silences Netty's sun.misc.Unsafe warning
grep -Eq '^JAVA_VERSION="(2[4-9]|[3-9][0-9])' "$java_home/release" && unsafe=(--sun-misc-unsafe-memory-access=allow)
exec "$java_home/bin/java" -Xmx1g --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  "${unsafe[@]}" -cp "$work/classes:$server/lib/*" io.graphvault.testing.server.Neo4jServerMain \
  "$work/data" db.query.default_language=CYPHER_25 "$@"
