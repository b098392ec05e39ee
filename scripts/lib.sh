# Shared by scripts/serve and scripts/test: installs whatever this project
# needs and is missing, idempotently. Versions are compared, not just presence.
# Sourced, not run. Works as root on a bare Debian 12 machine with rustup.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
# Splits the app's WebAssembly into files loaded on demand (scripts/build-wasm);
# the runtime half, wasm_split_helpers, comes with Leptos and must match it.
WASM_SPLIT_VERSION="0.2.4"

# cargo installs go to ~/.cargo/bin; make sure it is on PATH.
if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

# Rust itself comes from rustup (the machine's starting point); everything
# else is installed here.
command -v cargo >/dev/null && command -v rustup >/dev/null ||
  die "cargo and rustup are needed (install Rust with rustup first)"

# The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Another apt process (a second test run, an unattended upgrade) may hold the
# dpkg lock: wait for it up to 10 minutes instead of failing at once.
APT_WAIT=(-o DPkg::Lock::Timeout=600)
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" update -qq </dev/null
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -qq "$@" </dev/null
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# rustfmt and clippy for the test command (a minimal rustup profile lacks them).
ensure_rust_components() {
  local installed c
  installed="$(rustup component list --installed)"
  for c in rustfmt clippy; do
    if ! grep -q "^$c" <<<"$installed"; then
      say "adding the $c component"
      rustup component add "$c"
    fi
  done
}

# A C compiler: trunk's dependencies build C code (ring, zstd, bzip2, libdeflate).
ensure_c_compiler() {
  if ! command -v cc >/dev/null; then
    apt_install build-essential pkg-config
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    ensure_c_compiler
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
     [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != "wasm-bindgen-test-runner $want" ]; then
    say "installing wasm-bindgen-cli $want (about 3 minutes)"
    # No --locked: the CLI's own lock names a crate version the registry lacks.
    cargo install --force "wasm-bindgen-cli@$want"
  fi
}

ensure_wasm_split() {
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    ensure_c_compiler
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
    cargo install --locked --force "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    apt_install nodejs npm
  fi
}

# Version of an npm package: wanted (tools/package.json) or installed.
npm_version() { # npm_version <package> wanted|installed
  local file="$ROOT/tools/package.json" key="dependencies"
  [ "$2" = installed ] && file="$ROOT/tools/node_modules/$1/package.json" && key=""
  node -e 'try { const p = require(process.argv[1]); const k = process.argv[3];
             console.log((k ? p[k][process.argv[2]] : p.version) || "") } catch { console.log("") }' \
    "$file" "$1" "$key"
}

# binaryen (wasm-opt), playwright-core and axe-core, pinned in tools/package-lock.json.
ensure_node_tools() {
  ensure_node
  local have
  have="$("$ROOT/tools/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)"
  if [[ "$have" != *"version $BINARYEN_VERSION"* ]] ||
     [ "$(npm_version playwright-core installed)" != "$(npm_version playwright-core wanted)" ] ||
     [ "$(npm_version axe-core installed)" != "$(npm_version axe-core wanted)" ]; then
    say "installing wasm-opt (binaryen $BINARYEN_VERSION), playwright-core and axe-core from the npm registry"
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund </dev/null)
  fi
}

# Major version of chromium or chromedriver, empty when missing.
browser_major() {
  "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n1 | cut -d. -f1 || true
}

# Chromium and its driver, from the same Debian release so their versions match.
# playwright-core (the end-to-end test) needs Node.js 20 or newer; Debian 12's
# own nodejs is 18, so say so before minutes of building rather than after.
require_node_20() {
  ensure_node
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] ||
    die "the end-to-end test needs Node.js 20 or newer (found $(node --version)); install it with apt-get from a Node.js 20 source"
}

ensure_chromium() {
  local browser driver
  browser="$(browser_major /usr/bin/chromium)"
  driver="$(browser_major /usr/bin/chromedriver)"
  if [ -z "$browser" ] || [ "$browser" != "$driver" ]; then
    apt_install chromium chromium-driver
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_node_tools
  ensure_trunk
}
