#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with Rust: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# pdftotext (poppler-utils) for the extraction comparisons.
if ! command -v pdftotext >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
fi
# The OpenAPI validator and the Library of Congress BagIt tool, used by the end-to-end tests.
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  openapi-spec-validator bagit schemathesis

# No incremental cache: CI builds once, and the cache would double the disk it needs.
CARGO_INCREMENTAL=0 cargo test --workspace --locked
