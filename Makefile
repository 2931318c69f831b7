# Every target picks its own JDK (>= 21) and prepares the Docker engine it needs; see scripts/.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
MVN := ./mvnw -B -q
# Not quiet: the test runners' summary lines are the record of what ran.
MVN_TEST := ./mvnw -B --no-transfer-progress
TEST_IMAGE ?= cm-test/busybox:latest
JAR := target/container-manager.jar
# Small and predictable: the service holds little in memory (uploads stream to disk). Out of memory, it ends at once
# (its supervisor restarts it) rather than limp on with threads that died.
RUN_JVM_OPTS ?= -Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError
SOURCES := $(shell find src/main -type f) pom.xml
# A comma inside $(if ...) arguments.
, := ,

.PHONY: cluster cluster-check swarm swarm-run-check swarm-nodes swarm-check swarm-it bench-swarm bench-swarm-smoke user run check lint lint-tools test unit-test integration-test build docker chromium keycloak test-image relay-image clean gen-doc screenshots bench soak bench-smoke soak-smoke soak-hostile soak-hostile-smoke memory-budget profile-creation bench-app-proxy profile-app-proxy wrk js-tools lint-js format-js

run: $(JAR) docker relay-image
	@echo "Dashboard: http://localhost:$${SERVER_PORT:-8080}/  Swagger UI: http://localhost:$${SERVER_PORT:-8080}/swagger/index.html"
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" exec scripts/run.sh

# N instances on one PostgreSQL behind HAProxy on :8080 (scripts/cluster.sh says what each setting does).
N ?= 3
cluster: $(JAR) docker relay-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" N=$(N) exec scripts/cluster.sh

# make cluster for real, on free ports: HAProxy's configuration, serving through it while an instance is killed, Ctrl-C.
cluster-check: $(JAR) docker relay-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" scripts/cluster-check.sh

# make run on a local three-node Docker Swarm (issue 27; scripts/swarm-run.sh): the swarm of make swarm-nodes, the
# service with runtime.kind: swarm on it. Root only. PORT (8080); Ctrl-C stops the service, then removes the swarm
# and the service's data.
swarm: $(JAR) docker test-image
	SWARM_IMAGES="$${SWARM_IMAGES:-$(TEST_IMAGE)}" RUN_JVM_OPTS="$(RUN_JVM_OPTS)" exec scripts/swarm-run.sh

# make swarm for real, on a free port and a swarm of its own: a user's container started on a node, an exec in it
# through the API, then Ctrl-C and nothing left (scripts/swarm-run-check.sh). Root only; not in make test.
swarm-run-check: $(JAR) docker test-image
	TEST_IMAGE=$(TEST_IMAGE) RUN_JVM_OPTS="$(RUN_JVM_OPTS)" scripts/swarm-run-check.sh

# A real three-node Docker Swarm on this machine (issue 27; scripts/swarm.sh says how): network namespaces, one
# engine each, a registry the local engine's images are pushed into. Root only. Ctrl-C removes all of it.
# SWARM_PREFIX, SWARM_DIR, SWARM_IMAGES, SWARM_MANAGERS=3 as scripts/swarm.sh describes.
swarm-nodes: docker test-image
	SWARM_IMAGES="$${SWARM_IMAGES:-$(TEST_IMAGE)}" exec scripts/swarm.sh foreground

# scripts/swarm.sh for real on a prefix of its own: nodes, pinned services through the registry, an overlay with
# names, a volume over scale 0 -> 1, exec on a node, then down and nothing left; times into
# bench/results/swarm-nodes.md beside the local engine's. Not in make test yet.
swarm-check: docker test-image
	TEST_IMAGE=$(TEST_IMAGE) python3 bench/swarm_nodes.py

# The Swarm adapter through the service against the manager's own engine API, side by side (creation, start+stop, CPU
# per operation) on a local swarm of its own, always taken down; writes bench/results/swarm.md (bench/swarm_bench.py).
# Root only; about 6 minutes; --smoke (BENCH_SWARM_ARGS=--smoke, make bench-swarm-smoke) under 2, in make test so
# that the script does not rot.
bench-swarm: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/swarm_bench.py $(BENCH_SWARM_ARGS)

bench-swarm-smoke: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/swarm_bench.py --smoke

# The Swarm adapter (runtime.kind: swarm) against a real swarm: the Swarm*IT classes share one (support/LocalSwarm,
# scripts/swarm.sh on a prefix of its own, down when the JVM ends). As root; make test runs them with the rest.
swarm-it: docker test-image
	$(MVN_TEST) -DskipUnitTests=true -Dit.test='Swarm*IT' -Dfailsafe.failIfNoSpecifiedTests=false \
	  -Dcm.test-image=$(TEST_IMAGE) verify

build: $(JAR)

# make user NAME=alice [PASSWORD=...] [ADMIN=1]: the operator makes an account (for auth.registration: closed), in the
# database `make run` here uses, whether the service runs or not; no HTTP API needed. Without PASSWORD it asks for one.
# ADMIN=1 makes it an admin (an existing account too: then its password stays as it is).
user: $(JAR)
	@PASSWORD="$(PASSWORD)" ADMIN="$(ADMIN)" scripts/create-user.sh "$(NAME)"

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package

# The fast gate, and the first thing .ci/run runs: formats and lints, then the unit, module and SQL tests (one embedded
# PostgreSQL for the JVM), the module boundaries and the dashboard's JavaScript tests. No Docker, no browser.
# docs/testing.md says what each layer holds.
check: lint lint-js unit-test
	@if command -v node >/dev/null; then node --test src/test/js/; else echo "node not found: the dashboard's front-end unit tests are skipped"; fi

# Everything: check, then the full stack (real PostgreSQL, Docker engine, Chromium), make cluster, and a few seconds
# of the bench and the soak. .ci/run runs check on its own first and then says CHECKED=1, so it does not run twice.
test: $(if $(CHECKED),,check) integration-test cluster-check bench-smoke bench-swarm-smoke soak-smoke soak-hostile-smoke

# Java only: Spotless's format check (in the validate phase), unit tests, module tests, SQL tests, ModularityTest.
unit-test:
	$(MVN_TEST) test

# Shell scripts (shellcheck) and the bench's and scripts' Python (flake8), both from Debian's packages.
lint: lint-tools
	shellcheck scripts/*.sh .ci/run
	flake8 --max-line-length=120 bench/*.py scripts/*.py

lint-tools:
	@command -v shellcheck >/dev/null && command -v flake8 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck flake8 >/dev/null; }

# The dashboard's JavaScript tools (Prettier, ESLint, and axe-core, which the browser tests inject into every page),
# installed from package-lock.json into node_modules/ (git-ignored; nothing of it goes into the jar).
JS_TOOLS := node_modules/.package-lock.json
JS_SOURCES := src/main/resources/static src/test/js eslint.config.js
$(JS_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

js-tools: $(JS_TOOLS)

# Formatting and lint of the dashboard's JavaScript and CSS; format-js rewrites what lint-js would report.
lint-js: $(JS_TOOLS)
	node_modules/.bin/prettier --check $(JS_SOURCES)
	node_modules/.bin/eslint $(JS_SOURCES)

format-js: $(JS_TOOLS)
	node_modules/.bin/prettier --write $(JS_SOURCES)
	node_modules/.bin/eslint --fix $(JS_SOURCES)

# Each run labels its containers with its own id (each of Failsafe's test JVMs with <id>-fork<n>, pom.xml), so that runs
# in other checkouts on the same engine are left alone.
# The swarms the tests brought up (support/LocalSwarm, one file each in target/it-swarms) must leave nothing behind:
# namespaces, engines, mounts, cgroups, run directories, the host's links.
integration-test: docker test-image relay-image chromium keycloak $(JS_TOOLS)
	run_id=$$(cat /proc/sys/kernel/random/uuid); rm -rf target/it-swarms; \
	  $(MVN_TEST) -DskipUnitTests=true -Dcm.test-image=$(TEST_IMAGE) -Dcm.test-run=$$run_id verify; status=$$?; \
	  scripts/remove-test-containers.sh $$run_id; \
	  python3 bench/swarm_nodes.py --leftovers-of target/it-swarms || status=1; \
	  if [ $$status -ne 0 ]; then python3 scripts/failed_tests.py target/failsafe-reports; fi; exit $$status

# Writes docs/openapi.json from the code, through a test-started app (no running server of yours needed), and the
# module documentation (docs/modules: Spring Modulith's diagrams and canvases) from the bytecode.
gen-doc: docker
	$(MVN_TEST) -Dtest=ModularityTest -Dcm.docs.write=true test
	$(MVN_TEST) -DskipUnitTests=true -Dit.test=OpenApiDocumentIT -Dfailsafe.failIfNoSpecifiedTests=false -Dcm.openapi.write=true verify

# Rewrites docs/screenshots/ from the dashboard's end-to-end tests (they always write target/screenshots/).
screenshots: docker test-image relay-image chromium $(JS_TOOLS)
	$(MVN_TEST) -DskipUnitTests=true -Dit.test='Dashboard*IT' -Dfailsafe.failIfNoSpecifiedTests=false -Dcm.screenshots.write=true verify

# Measurements, not tests: they write bench/results/latest.{md,json} and print the soak's invariants.
bench: $(JAR) docker test-image relay-image wrk
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/bench.py

soak: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/soak.py

# One hostile user runs every abusive pattern found so far while another does ordinary work (bench/soak_hostile.py).
soak-hostile: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/soak_hostile.py

# What each open stream, console, exec and kept event holds in the heap, measured (README: the memory budget).
memory-budget: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/memory_budget.py

# Where a creation's CPU goes: JFR over 1,000 warm creations, CPU of service, database and engine (bench/README.md).
profile-creation: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/profile_creation.py

# The app proxy's figures only (about a minute; bench/README.md): bench.py --only proxy, then its table kept as
# bench/results/app-proxy.md. PROFILE=1 records the service with JFR (settings=profile) into target/app-proxy.jfr.
bench-app-proxy: $(JAR) docker test-image relay-image wrk
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)$(if $(PROFILE), -XX:StartFlightRecording=settings=profile$(,)filename=$(CURDIR)/target/app-proxy.jfr)" \
	  TEST_IMAGE=$(TEST_IMAGE) python3 bench/bench.py --only proxy
	cp target/bench-only/latest.md bench/results/app-proxy.md

# Where a proxied request's CPU goes: 8 s of wrk through the relay, the service's and the relay's CPU split into user
# and system time per request; PERF=1 adds perf's call graphs and a JFR recording (bench/profile_app_proxy.py).
profile-app-proxy: $(JAR) docker test-image relay-image wrk
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/profile_app_proxy.py

# A few seconds of each, in make test, so that neither script rots.
bench-smoke: $(JAR) docker test-image relay-image wrk
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) python3 bench/bench.py --smoke

soak-smoke: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) SOAK_SECONDS=5 python3 bench/soak.py

soak-hostile-smoke: $(JAR) docker test-image
	RUN_JVM_OPTS="$(RUN_JVM_OPTS)" TEST_IMAGE=$(TEST_IMAGE) SOAK_SECONDS=25 SOAK_IDLE_SECONDS=8 SOAK_LATENCY_REPORT_ONLY=1 python3 bench/soak_hostile.py

wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

docker:
	@scripts/ensure-docker.sh

chromium:
	@scripts/ensure-chromium.sh

# Keycloak's distribution, from Maven Central, unpacked once into the cache folder: the single sign-on tests' provider.
keycloak:
	@scripts/ensure-keycloak.sh >/dev/null

test-image: docker
	@scripts/test-image.sh $(TEST_IMAGE)

# The app proxy's relay (proxy.relay_image): relay/cm-relay.c, static, alone in an image; rebuilt when it changed.
relay-image: docker
	@scripts/relay-image.sh $${PROXY_RELAY_IMAGE:-cm-relay:1}

clean:
	$(MVN) clean
