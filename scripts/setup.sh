#!/usr/bin/env bash
# Installs what invitekit's build and tests need, idempotently: each step checks first and
# does nothing when its tool is already there. `setup.sh demo` skips the browser.
#   - the wasm32-unknown-unknown target, clippy and rustfmt (rustup)
#   - wasm-bindgen-cli at exactly the version Cargo.toml pins (cargo install, ~7 min cold)
#   - Debian chromium + chromium-driver (apt-get; tests only)
#   - npm dev dependencies from package-lock.json (npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
say() { echo "setup: $*"; }

installed_targets=$(rustup target list --installed)
grep -qx wasm32-unknown-unknown <<<"$installed_targets" || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
for component in clippy rustfmt; do
  rustup component list --installed | grep -q "^$component" || { say "adding $component"; rustup component add "$component"; }
done

want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' Cargo.toml)
[ -n "$want" ] || { say "Cargo.toml must pin wasm-bindgen with ="; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null || true)
if [ "$have" != "wasm-bindgen $want" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes several minutes once"
  # Without --locked: the CLI's lockfile wants a crate version crates.io no longer has.
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if [ "$mode" != demo ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian chromium and chromium-driver"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ ! -e node_modules/invitekit ]; then
  say "installing npm dev dependencies from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
# Deno from its npm package (it ships the binary), installed beside the project's tooling but
# not in package.json (a deno entry there breaks `npm ci` on machines without its binaries).
deno_version=2.9.6
if [ "$mode" != demo ] && ! target/tools/node_modules/.bin/deno --version 2>/dev/null | grep -q "deno $deno_version"; then
  say "installing deno $deno_version from npm into target/tools"
  mkdir -p target/tools
  npm install --prefix target/tools --no-save --no-audit --no-fund --loglevel=error "deno@$deno_version" >/dev/null
fi
say "ready"
