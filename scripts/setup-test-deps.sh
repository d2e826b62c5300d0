#!/usr/bin/env bash
# System packages the test suite uses: ffmpeg/ffprobe (the independent reader, and the ffmpeg sink), nginx with the
# RTMP module (a second real RTMP server), gcc (builds the vendor SDK emulator libraries). Idempotent.
set -euo pipefail
need=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || need+=(ffmpeg)
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || need+=(nginx libnginx-mod-rtmp)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v chromium >/dev/null || need+=(chromium)  # Chromium MSE takes the AAC encoder's output (core/media/test/aac-browser.test.ts)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian nginx package starts a service on port 80; the tests start their own nginx processes.
if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
ffmpeg -hide_banner -version | head -1
