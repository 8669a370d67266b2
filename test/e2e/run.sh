#!/usr/bin/env bash
# End-to-end tests: one-time install (skipped when done), package the extension, run the tests.
#   bash test/e2e/run.sh          (npm run test:e2e)
# env: WORK (scratch dir, default <repo>/.e2e), VSIX (default <repo>/postfix-config.vsix),
#      E2E_SKIP_PACKAGE=1 tests the existing .vsix and dist/ as they are.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
export WORK=${WORK:-$REPO/.e2e}
export VSIX=${VSIX:-$REPO/postfix-config.vsix}

s=$(date +%s)
bash test/e2e/setup.sh
echo "[e2e] setup: $(( $(date +%s) - s ))s"

if [ "${E2E_SKIP_PACKAGE:-}" != 1 ]; then
  s=$(date +%s)
  npm run package
  echo "[e2e] package: $(( $(date +%s) - s ))s"
fi

s=$(date +%s)
rc=0
node --test --test-reporter=spec --test-concurrency=1 test/e2e/*.test.js || rc=$?
echo "[e2e] tests: $(( $(date +%s) - s ))s"
exit $rc
