# Shared by scripts/serve and scripts/test: installs whatever this project
# needs and is missing, idempotently. Versions are compared, not just presence.
# Sourced, not run. Works as root on a bare Debian 12 machine with rustup.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"

# cargo installs go to ~/.cargo/bin; make sure it is on PATH.
if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }

# The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" </dev/null
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
    cargo install --locked --force "trunk@$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  if [ -z "$want" ]; then
    cargo generate-lockfile --manifest-path "$ROOT/Cargo.toml"
    want="$(wasm_bindgen_version)"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ] ||
     ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $want (about 3 minutes)"
    # No --locked: the CLI's own lock names a crate version the registry lacks.
    cargo install --force "wasm-bindgen-cli@$want"
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    apt_install nodejs npm
  fi
}

# binaryen (wasm-opt) and playwright-core, pinned in tools/package-lock.json.
ensure_node_tools() {
  ensure_node
  local have
  have="$("$ROOT/tools/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)"
  if [[ "$have" != *"version $BINARYEN_VERSION"* ]] ||
     [ ! -f "$ROOT/tools/node_modules/playwright-core/package.json" ]; then
    say "installing wasm-opt (binaryen $BINARYEN_VERSION) and playwright-core from the npm registry"
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund </dev/null)
  fi
}

ensure_chromium() {
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_tools
  ensure_trunk
}
