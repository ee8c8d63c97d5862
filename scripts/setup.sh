#!/usr/bin/env bash
# Install everything graphprofile needs on this machine: Python deps in .venv/,
# Java and Maven when missing, and the Neo4j jars (through Maven) in server/target/.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# A JDK, not only a runtime: its jfr tool reads the server's flight recordings
# (benchmarks/jfr_top.py).
{ command -v java && command -v jfr; } >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
# Browser tests drive Debian's Chromium through Playwright; no browser is downloaded.
if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/chromium ]; then
  need_apt+=(chromium)
fi
# Chinese names and the zh screens need a CJK font in the browser.
if [ "${1:-}" = "--with-browser" ] && ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  need_apt+=(fonts-noto-cjk)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Python environment (.venv at the repo root, with the graphprofile command in it).
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.graphprofile-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages into .venv" >&2
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e '.[test]'
  touch "$stamp"
fi

# Neo4j Community jars and our launcher, fetched from Maven Central by Maven.
jar=server/target/graphprofile-server.jar
if [ ! -f "$jar" ] || [ server/pom.xml -nt "$jar" ] || \
   [ -n "$(find server/src -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
  echo "setup: building the Neo4j launcher (first run downloads ~150 MB of jars)" >&2
  mvn -q -B -f server/pom.xml package -DskipTests
fi
# Browser libraries from npm (package-lock.json): the org chart's d3 files are served
# from web/static/lib/ (so a wheel built after setup carries them); axe-core is for tests.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --silent
fi
mkdir -p web/static/lib
for file in node_modules/d3/dist/d3.min.js node_modules/d3-flextree/build/d3-flextree.min.js \
            node_modules/d3-org-chart/build/d3-org-chart.min.js; do
  cmp -s "$file" "web/static/lib/$(basename "$file")" || cp "$file" web/static/lib/
done
echo "setup: ready" >&2
