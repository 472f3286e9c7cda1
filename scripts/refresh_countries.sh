#!/usr/bin/env bash
# Rebuild data/countries-50m.json (Natural Earth 1:50m admin-0, public domain) from the npm
# package world-atlas at a pinned version. Bump the version here, run, review the diff.
set -euo pipefail
VERSION="${WORLD_ATLAS_VERSION:-2.0.2}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "world-atlas@${VERSION}" >/dev/null && tar xzf "world-atlas-${VERSION}.tgz")
cp "$work/package/countries-50m.json" "$here/data/countries-50m.json"
cp "$work/package/LICENSE" "$here/data/countries-50m.LICENSE"
echo "data/countries-50m.json refreshed from world-atlas@${VERSION}"
