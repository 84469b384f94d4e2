#!/usr/bin/env bash
# The test command. It installs what the tests need when it is missing (PostgreSQL, Chromium and a
# CJK font), starts a throwaway PostgreSQL cluster on loopback, runs `dotnet test`, and stops
# the cluster. Extra arguments go to `dotnet test` (e.g. ./test.sh --filter Category=Domain).
# Under CI=true a missing service fails the run: tests that need it fail instead of skipping.
set -euo pipefail
cd "$(dirname "$0")"
say() { echo "[test.sh] $*"; }
ci=false; [[ "${CI:-}" == "true" ]] && ci=true

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}

install_packages() {
  command -v apt-get >/dev/null || return 1
  say "installing: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 \
    || { as_root apt-get update -qq >/dev/null 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
}

postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

free_port() {
  local port
  for port in $(seq 55432 55532); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  return 1
}

# --- PostgreSQL -----------------------------------------------------------------------------------
pg_dir=""
stop_postgres() {
  [[ -n "$pg_dir" && -d "$pg_dir" ]] || return 0
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
run_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [[ -n "${FIVESOCIETIES_TEST_POSTGRES:-}" ]]; then
  say "using the PostgreSQL given in FIVESOCIETIES_TEST_POSTGRES"
else
  pg_bin=$(postgres_bin) || { install_packages postgresql || true; pg_bin=$(postgres_bin) || pg_bin=""; }
  if [[ -z "$pg_bin" ]]; then
    if $ci; then say "PostgreSQL is missing and could not be installed; under CI the PostgreSQL tests will fail."; 
    else say "PostgreSQL is missing and could not be installed; its tests will be skipped."; fi
  else
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
    pg_dir=$(mktemp -d /tmp/fivesocieties-pg.XXXXXX)
    trap stop_postgres EXIT
    [[ $(id -u) -eq 0 ]] && chown postgres "$pg_dir"
    port=$(free_port)
    run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null
    export FIVESOCIETIES_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  fi
fi

# --- Chromium and a CJK font for the browser tests ------------------------------------------------
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
if ((${#missing[@]})); then
  install_packages "${missing[@]}" || true
  if [[ ! -x /usr/bin/chromium ]]; then
    if $ci; then say "Chromium is missing and could not be installed; under CI the browser tests will fail.";
    else say "Chromium is missing and could not be installed; the browser tests will be skipped."; fi
  fi
fi

# --- tests ----------------------------------------------------------------------------------------
# FIVESOCIETIES_TEST_TARGET narrows the run to one test project while working on it.
# xunit names a fixture's failed clean-up by exception type only; the fixtures write the cause here.
cleanup_log="${TMPDIR:-/tmp}/fivesocieties-tests/cleanup-failures.log"
rm -f "$cleanup_log"
status=0
dotnet test "${FIVESOCIETIES_TEST_TARGET:-FiveSocieties.sln}" "$@" || status=$?
if [[ -s $cleanup_log ]]; then say "A test fixture failed to clean up:"; cat "$cleanup_log"; fi
exit $status
