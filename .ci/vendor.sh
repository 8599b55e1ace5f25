#!/usr/bin/env bash
# Refresh the vendored front-end packages from the npm registry (`make vendor`).
# The results are committed, so running Ratssaal or its tests needs no npm.
set -euo pipefail
KERN_VERSION=2.7.2
AXE_VERSION=4.14.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@kern-ux/native@$KERN_VERSION" "axe-core@$AXE_VERSION" >/dev/null)

rm -rf static/vendor/kern && mkdir -p static/vendor/kern
tar xzf "$work/kern-ux-native-$KERN_VERSION.tgz" -C "$work"
cp -r "$work/package/dist/kern.min.css" "$work/package/dist/fonts" static/vendor/kern/
cp "$work/package/LICENSE.md" static/vendor/kern/LICENSE.md
echo "@kern-ux/native $KERN_VERSION (EUPL-1.2), dist/kern.min.css and dist/fonts" > static/vendor/kern/VERSION

rm -rf "$work/package" tests/vendor/axe-core && mkdir -p tests/vendor/axe-core
tar xzf "$work/axe-core-$AXE_VERSION.tgz" -C "$work"
cp "$work/package/axe.min.js" "$work/package/LICENSE" tests/vendor/axe-core/
echo "axe-core $AXE_VERSION (MPL-2.0), axe.min.js" > tests/vendor/axe-core/VERSION
