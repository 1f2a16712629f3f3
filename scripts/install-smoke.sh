#!/usr/bin/env bash
# Install smoke test: packs evalgate (prepack builds dist/), installs the tarball into a
# scratch project as a user would, then `npx evalgate init` and `npx evalgate run` must
# succeed offline and the suite's $schema reference must point at a file that exists.
# Prints one PASS/FAIL line; exits non-zero on failure. Compiles better-sqlite3 (minutes).
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/evalgate-install-smoke.XXXXXX")"
log="$work/smoke.log"
keep="${KEEP_SMOKE_DIR:-}"
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT

fail() {
  echo "install-smoke: FAIL: $1 (log below)" >&2
  tail -n 40 "$log" >&2
  keep=1
  echo "install-smoke: FAIL: $1 (scratch dir kept: $work)" >&2
  exit 1
}

step() { echo "--- $*" >>"$log"; "$@" >>"$log" 2>&1; }

mkdir -p "$work/pack" "$work/project"
(cd "$repo" && step npm pack --pack-destination "$work/pack") || fail "npm pack"
tarball="$(ls "$work"/pack/evalgate-*.tgz 2>/dev/null | head -n 1)"
[ -n "$tarball" ] || fail "npm pack wrote no evalgate-*.tgz"

cd "$work/project" || fail "no scratch project"
step npm init -y || fail "npm init"
step npm install --no-audit --no-fund -D "$tarball" || fail "npm install of the tarball"
step npx --no-install evalgate init || fail "npx evalgate init"
suite="evals/example.yaml"
ref="$(sed -n 's/^# yaml-language-server: \$schema=\(.*\)$/\1/p' "$suite" | head -n 1)"
[ -n "$ref" ] || fail "$suite has no \$schema reference"
[ -f "evals/$ref" ] || fail "\$schema reference $ref does not exist relative to evals/"
env -u OPENAI_API_KEY npx --no-install evalgate run "$suite" >>"$log" 2>&1 || fail "npx evalgate run $suite exited $?"

echo "install-smoke: PASS: $(basename "$tarball") installs; init and run exit 0; \$schema=$ref exists"
