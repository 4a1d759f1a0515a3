#!/bin/sh
# The HTML validator test runs the Nu Html Checker (vnu.jar, from tools/vnu/) on Java 17 or newer;
# Debian's headless runtime provides it (the npm package's own fallback would download a JRE,
# which cannot work here, so tools/vnu is installed with --ignore-scripts).
set -eu
if command -v java >/dev/null 2>&1; then
  major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  if [ -n "$major" ] && [ "$major" -ge 17 ]; then exit 0; fi
fi
echo "Installing Debian's default-jre-headless for the HTML validator test..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q default-jre-headless
