#!/usr/bin/env bash
# Installs the system packages Commune Atlas needs, only those that are missing:
#   PostgreSQL 15+ with PostGIS 3 and pgRouting (the project-local database),
#   GDAL's command-line tools (outside-client tests),
#   Chromium and its driver (browser tests; skipped with ATLAS_SKIP_BROWSER=1),
#   wrk, pgbench's PostgreSQL client and nginx for make bench, HAProxy for `commune-atlas cluster`,
#   Node.js and npm (the build bundles the map's script with esbuild).
# Works on Debian 12 and Ubuntu 22.04+, as root or through sudo.
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }

# The PostgreSQL major version: the one installed, else the distribution's default.
pg_major() {
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -1 || true)
  if [ -z "$v" ] && have_cmd apt-cache; then
    v=$(apt-cache depends postgresql 2>/dev/null | sed -n 's/.*Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -1)
  fi
  echo "${v:-15}"
}

if ! have_cmd apt-get; then
  echo "install-deps: apt-get not found; install PostgreSQL 15+, PostGIS 3, pgRouting, gdal-bin and chromium by hand" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

updated=0
apt_update() {
  if [ "$updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    updated=1
  fi
}

# An extension is installed when both its control file and its library are there (Debian ships the
# SQL scripts in a separate package that can outlive the library).
has_ext() {
  [ -f "/usr/share/postgresql/$1/extension/$2.control" ] && ls /usr/lib/postgresql/"$1"/lib/"$3"*.so >/dev/null 2>&1
}

V=$(pg_major)
if [ ! -x "/usr/lib/postgresql/$V/bin/postgres" ] || ! has_ext "$V" postgis postgis-3 || ! has_ext "$V" pgrouting libpgrouting; then
  apt_update
  V=$(pg_major)
  need+=("postgresql-$V" "postgresql-contrib" "postgresql-$V-postgis-3" "postgresql-$V-pgrouting")
fi
have_cmd ogr2ogr || need+=(gdal-bin)
# Node.js and npm bundle the map's script with esbuild at build time (scripts/build-web.sh)
have_cmd node || need+=(nodejs)
have_cmd npm || need+=(npm)
have_cmd wrk || need+=(wrk)              # load generator for make bench
# nginx: make bench's baseline for cached tiles (the same bytes as static files); not started as a service
[ -x /usr/sbin/nginx ] || have_cmd nginx || need+=(nginx-light)
# HAProxy: the proxy in front of the server instances of `commune-atlas cluster` (started by it, not as a service)
[ -x /usr/sbin/haproxy ] || have_cmd haproxy || need+=(haproxy)
if [ "${ATLAS_SKIP_BROWSER:-0}" != "1" ]; then
  have_cmd chromium || need+=(chromium)
  have_cmd chromedriver || need+=(chromium-driver)
  # certutil: the browser tests trust the installation's own HTTPS authority as a phone does (its NSS database)
  have_cmd certutil || need+=(libnss3-tools)
fi
have_cmd runuser || need+=(util-linux)

if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: installing ${need[*]}"
  apt_update
  # The Debian package would create and start a system-wide cluster; ours lives in .atlas/ instead.
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Fail here, not on a user's machine, when something is still missing.
has_ext "$V" postgis postgis-3 || { echo "install-deps: PostGIS missing for PostgreSQL $V" >&2; exit 1; }
has_ext "$V" pgrouting libpgrouting || { echo "install-deps: pgRouting missing for PostgreSQL $V" >&2; exit 1; }
have_cmd ogr2ogr || { echo "install-deps: ogr2ogr missing" >&2; exit 1; }
echo "install-deps: PostgreSQL $V with PostGIS and pgRouting, GDAL $(gdal-config --version 2>/dev/null || ogrinfo --version | awk '{print $2}' | tr -d ,) ready"
