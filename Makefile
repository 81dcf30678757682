# Commune Atlas — the two quick-start commands are `make run` and `make test`.
JAR   := target/commune-atlas.jar
MVN   := mvn -B -q
SRC   := $(shell find src/main web data -type f 2>/dev/null) pom.xml

.PHONY: run test bench cluster cluster-down cluster-status deps build db-start db-stop db-status clean

## run: install what is missing, start the project-local PostGIS, load the demo data, serve :7070 (and HTTPS :7443 for phones)
run: deps $(JAR)
	java -jar $(JAR) serve --https-port $${ATLAS_HTTPS_PORT:-7443}

## test: the same set-up, then the whole test suite (unit, PostGIS integration, GDAL, browser)
test: deps
	mvn -B test

## bench: performance figures as ratios measured in one run
bench: deps $(JAR)
	java -cp $(JAR) org.communeatlas.bench.Bench $(PARTS)

## cluster: a primary, a streaming standby, two server instances and HAProxy on :7070, all under .atlas/
cluster: deps $(JAR)
	java -jar $(JAR) cluster up

cluster-down: $(JAR)
	java -jar $(JAR) cluster down

cluster-status: $(JAR)
	java -jar $(JAR) cluster status

deps:
	@scripts/install-deps.sh

build: $(JAR)

$(JAR): $(SRC)
	$(MVN) -DskipTests package

db-start: $(JAR)
	java -jar $(JAR) db start

db-stop: $(JAR)
	java -jar $(JAR) db stop

db-status: $(JAR)
	java -jar $(JAR) db status

clean:
	$(MVN) clean
