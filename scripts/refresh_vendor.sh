#!/usr/bin/env bash
# Vendor the map's front-end assets from the npm registry at pinned versions, with their licences,
# into static/vendor/ (served by Streamlit at /app/static/vendor/). Bump a version, run, review the diff.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# package@version  then the files to keep, relative to the package root
PACKAGES=(
  "leaflet@1.9.4|dist/leaflet.js dist/leaflet.css dist/images/layers.png dist/images/layers-2x.png dist/images/marker-icon.png dist/images/marker-icon-2x.png dist/images/marker-shadow.png LICENSE"
  "jquery@3.7.1|dist/jquery.min.js LICENSE.txt"
  "leaflet.fullscreen@3.0.0|Control.FullScreen.js Control.FullScreen.css icon-fullscreen.svg LICENSE"
  "leaflet.markercluster@1.5.3|dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css MIT-LICENCE.txt"
)

rm -rf "$target"
mkdir -p "$target"
for entry in "${PACKAGES[@]}"; do
  spec="${entry%%|*}"
  files="${entry#*|}"
  name="${spec%@*}"
  (cd "$work" && rm -rf package && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz && rm ./*.tgz)
  mkdir -p "$target/$name"
  for file in $files; do
    mkdir -p "$target/$name/$(dirname "$file")"
    cp "$work/package/$file" "$target/$name/$file"
  done
  echo "$spec" > "$target/$name/VERSION"
  rm -rf "$work/package"
done
echo "vendored into static/vendor: ${PACKAGES[*]%%|*}"
