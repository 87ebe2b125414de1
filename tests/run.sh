#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with Rust: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# pdftotext (poppler-utils) for the extraction comparisons; Chromium for the browser tests; Java for the
# HTML validator (vnu); Node.js and npm for playwright-core and axe-core.
need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null || need+=(default-jre-headless)
command -v npm >/dev/null || need+=(nodejs npm)
# The Danish Hunspell dictionary and the LibreOffice thesaurus: search decompounds, corrects and widens
# queries with them.
[ -f /usr/share/hunspell/da_DK.dic ] || need+=(hunspell-da)
ls /usr/share/mythes/th_da_DK* >/dev/null 2>&1 || need+=(mythes-da)
if [ ${#need[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The OpenAPI validator, the Library of Congress BagIt tool, Schemathesis (fuzzes the API from its OpenAPI
# document) and a real OpenID provider for the sign-on test.
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  openapi-spec-validator bagit schemathesis oidc-provider-mock
# The browser tests' Node packages, exactly as locked (no browser download: Debian's Chromium is used).
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

# No incremental cache: CI builds once, and the cache would double the disk it needs.
CARGO_INCREMENTAL=0 cargo test --workspace --locked
