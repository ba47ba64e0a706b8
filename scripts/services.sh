#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on the loopback interface, for CI and for a bare machine.
#
#   bash scripts/services.sh
#
# Idempotent: a service that already answers is left alone, so on a machine where both run this
# takes well under a second. A service that does not answer is started from its local install
# (Debian's packages), installed with apt-get first if it is missing (root only). Exits non-zero
# with a message when a service cannot be brought up within SERVICES_TIMEOUT seconds.
#
# Overridable for testing: PG_HOST, PG_PORT, REDIS_HOST, REDIS_PORT, SERVICES_TIMEOUT.
set -euo pipefail

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
SERVICES_TIMEOUT="${SERVICES_TIMEOUT:-60}"

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
# SERVICES_TCP_PROBES=1 pretends the client tools are absent (to exercise the /dev/tcp fallbacks).
have() {
  case "$1" in pg_isready | redis-cli) [ -z "${SERVICES_TCP_PROBES:-}" ] || return 1 ;; esac
  command -v "$1" >/dev/null 2>&1
}

# --- probes ------------------------------------------------------------------------------------

# Bare TCP connect through bash's /dev/tcp: the fallback when the client tools are not installed.
tcp_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# pg_isready also reports "rejecting connections" while the server is still recovering, which a
# plain TCP check would miss; fall back to TCP only when the client is not installed.
pg_up() {
  if have pg_isready; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    tcp_open "$PG_HOST" "$PG_PORT"
  fi
}

# redis-cli ping answers PONG only once the dataset is loaded; the fallback speaks the inline
# protocol by hand so it needs nothing but bash.
redis_up() {
  if have redis-cli; then
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    local reply
    # In a subshell so that a refused connection cannot end this script.
    if reply=$( (exec 4<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&4 &&
      read -r -t 2 line <&4 && printf '%s' "$line") 2>/dev/null); then
      [[ "$reply" == +PONG* ]]
    else
      return 1
    fi
  fi
}

# wait_for <name> <probe function>: polls every half second until SERVICES_TIMEOUT.
wait_for() {
  local name="$1" probe="$2" deadline=$((SECONDS + SERVICES_TIMEOUT))
  until "$probe"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      return 1
    fi
    sleep 0.5
  done
  log "$name is up"
}

# --- installing --------------------------------------------------------------------------------

APT_UPDATED=""
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "$* missing and not running as root: install it (apt-get install $*) or start it yourself"
  have apt-get || die "$* missing and apt-get is not available: install it with your package manager"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$APT_UPDATED" ]; then
    log "apt-get update"
    apt-get update -q
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  apt-get install -y -q --no-install-recommends "$@"
}

# --- PostgreSQL --------------------------------------------------------------------------------

# A freshly installed Debian cluster asks for a password on TCP connections, while the project's
# default DATABASE_URL (postgres://postgres@127.0.0.1:5432/...) has none. Only for a cluster this
# script installed: trust loopback connections, as the CI machines are set up.
pg_trust_loopback() {
  local hba
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [ -f "$hba" ] || continue
    if ! grep -q 'liasse: trust loopback' "$hba"; then
      log "trusting loopback connections in $hba (freshly installed cluster)"
      {
        echo '# liasse: trust loopback (added by scripts/services.sh on a fresh install)'
        echo 'host all all 127.0.0.1/32 trust'
        echo 'host all all ::1/128 trust'
        cat "$hba"
      } >"$hba.new"
      cat "$hba.new" >"$hba"
      rm -f "$hba.new"
    fi
  done
}

pg_start_local() {
  local version
  for version in $(ls /etc/postgresql); do
    log "pg_ctlcluster --skip-systemctl-redirect $version main start"
    # "already running" is a non-zero exit too; whether the server answers is what decides.
    if ! pg_ctlcluster --skip-systemctl-redirect "$version" main start; then
      log "pg_ctlcluster $version main start failed (checking whether it answers anyway)"
    fi
  done
}

ensure_postgres() {
  if pg_up; then
    log "PostgreSQL answers on $PG_HOST:$PG_PORT"
    return
  fi
  local fresh=""
  if ! have pg_ctlcluster || [ -z "$(ls -A /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
    fresh=1
  fi
  if [ -n "$fresh" ]; then
    pg_trust_loopback
    # The package's own start may already have run with the old pg_hba.conf; a reload is cheap.
    pg_start_local
    local version
    for version in $(ls /etc/postgresql); do
      if ! pg_ctlcluster --skip-systemctl-redirect "$version" main reload; then
        log "reload of $version/main failed"
      fi
    done
  else
    log "PostgreSQL does not answer on $PG_HOST:$PG_PORT: starting the local cluster(s)"
    pg_start_local
  fi
  wait_for "PostgreSQL" pg_up ||
    die "PostgreSQL did not answer on $PG_HOST:$PG_PORT within ${SERVICES_TIMEOUT}s (see /var/log/postgresql/)"
}

# --- Redis -------------------------------------------------------------------------------------

ensure_redis() {
  if redis_up; then
    log "Redis answers on $REDIS_HOST:$REDIS_PORT"
    return
  fi
  have redis-server || apt_install redis-server
  # The Debian package may have started its own server on 6379 already.
  if redis_up; then
    log "Redis answers on $REDIS_HOST:$REDIS_PORT"
    return
  fi
  mkdir -p /var/lib/redis /var/log/redis
  log "starting redis-server on $REDIS_HOST:$REDIS_PORT"
  local bind="127.0.0.1 -::1"
  [ "$REDIS_HOST" = "127.0.0.1" ] || bind="$REDIS_HOST"
  # $bind is split on purpose: redis-server takes the addresses as separate arguments.
  # shellcheck disable=SC2086
  redis-server --daemonize yes --bind $bind --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for "Redis" redis_up ||
    die "Redis did not answer on $REDIS_HOST:$REDIS_PORT within ${SERVICES_TIMEOUT}s (see /var/log/redis/ci.log)"
}

ensure_postgres
ensure_redis
