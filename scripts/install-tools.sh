#!/usr/bin/env bash
# Installs the real components the tests run: promtool/prometheus, alertmanager/amtool and vmalert.
# Debian packages, installed only when missing; fails loudly when they cannot be installed.
set -euo pipefail

need=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v vmalert >/dev/null 2>&1 && command -v victoria-metrics >/dev/null 2>&1 || need+=(victoria-metrics)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "install-tools: installing ${need[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-tools: need root (or sudo) to apt-get install ${need[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
# Debian starts packaged services on install; the tests start their own on 127.0.0.1 instead.
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >&2

for bin in promtool prometheus amtool prometheus-alertmanager vmalert victoria-metrics; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "install-tools: $bin is still missing after installing ${need[*]}" >&2
    exit 1
  fi
done
echo "install-tools: $(promtool --version 2>&1 | head -n1)" >&2
