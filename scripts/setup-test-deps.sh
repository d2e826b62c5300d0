#!/usr/bin/env bash
# System packages the test suite uses: ffmpeg/ffprobe (the independent reader, and the ffmpeg sink), nginx with the
# RTMP module (a second real RTMP server), gcc (builds the vendor SDK emulator libraries), chromium (the web
# console's browser suite, driven by playwright-core), redis-server (cluster tests start their own), GStreamer's RTSP
# server (the onvif plugin's real RTSP device). Idempotent.
set -euo pipefail
need=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || need+=(ffmpeg)
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || need+=(nginx libnginx-mod-rtmp)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v redis-server >/dev/null || need+=(redis-server)
# GStreamer RTSP server for plugins/onvif tests (run with Debian's /usr/bin/python3, which has gi).
/usr/bin/python3 -c "import gi; gi.require_version('GstRtspServer', '1.0')" 2>/dev/null || need+=(python3-gi gir1.2-gst-rtsp-server-1.0)
command -v gst-inspect-1.0 >/dev/null || need+=(gstreamer1.0-tools)
for el in videotestsrc:gstreamer1.0-plugins-base alawenc:gstreamer1.0-plugins-good x264enc:gstreamer1.0-plugins-ugly x265enc:gstreamer1.0-plugins-bad voaacenc:gstreamer1.0-plugins-bad; do
  gst-inspect-1.0 "${el%%:*}" >/dev/null 2>&1 || need+=("${el#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian nginx package starts a service on port 80; the tests start their own nginx processes.
if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
ffmpeg -hide_banner -version | head -1
