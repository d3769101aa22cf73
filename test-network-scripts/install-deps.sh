#!/usr/bin/env bash
# Installs the Debian packages Lethe needs (idempotent). Run as root or with sudo available.
set -euo pipefail
packages=(dataset-fashion-mnist ipfs-cid jq curl gettext-base iproute2)
# e2e 65 opens the audit report's HTML in a real browser (headless)
packages+=(chromium)
# the independent verifiers (verify-export.py, the chameleon reference) need a Python 3
command -v python3 >/dev/null 2>&1 || packages+=(python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
