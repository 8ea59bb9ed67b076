#!/usr/bin/env bash
# Installs the system tools ajar's tests (or a command) need when they are missing, on Debian/Ubuntu as root.
# Usage: scripts/ensure-system.sh [ffmpeg] [chromium] [xmllint] [redis] [ceph] [ghostscript]   (no arguments: all)
set -euo pipefail
want=("$@"); [ ${#want[@]} -eq 0 ] && want=(ffmpeg chromium xmllint redis ceph ghostscript)
missing=()
for tool in "${want[@]}"; do
  case "$tool" in
    ffmpeg)   command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg) ;;
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    xmllint)  command -v xmllint >/dev/null || missing+=(libxml2-utils) ;;
    redis)    command -v redis-server >/dev/null || missing+=(redis-server) ;;
    ceph)     { command -v radosgw >/dev/null && command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null; } || missing+=(ceph-mon ceph-osd radosgw) ;;
    ghostscript) command -v gs >/dev/null || missing+=(ghostscript) ;;
    *) echo "ensure-system: unknown tool $tool" >&2; exit 2 ;;
  esac
done
command -v curl >/dev/null || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "ajar needs: ${missing[*]} — install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
