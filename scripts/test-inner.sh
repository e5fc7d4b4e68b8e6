#!/usr/bin/env bash
# Runs inside the private D-Bus session made by scripts/test.sh.
set -u
echo -n "keywarden-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
export KEYWARDEN_TEST_KEYRING=private
out=.tmp/test-results
rm -rf "$out" && mkdir -p "$out"

# One pass/fail per static check, in the shape scripts/summarize.mjs counts.
check() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo '{"passed":1,"failed":0}' > "$out/$name.json"
  else echo '{"passed":0,"failed":1}' > "$out/$name.json"; fi
}
check typecheck npm run --silent typecheck
check lint npm run --silent lint
check format npm run --silent format:check

echo "== build (electron-vite, and the CLI for bin/keywarden.cjs)"
if npm run --silent build > "$out/build.log" 2>&1; then echo '{"passed":1,"failed":0}' > "$out/build.json"
else cat "$out/build.log"; echo '{"passed":0,"failed":1}' > "$out/build.json"; fi

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile="$out/vitest.json"

if ls test/e2e/*.spec.ts >/dev/null 2>&1; then
  echo "== playwright"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json
fi

node scripts/summarize.mjs "$out"
