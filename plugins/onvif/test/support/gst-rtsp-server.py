#!/usr/bin/python3
"""Test RTSP server for the onvif plugin, on Debian's GStreamer RTSP server (run with /usr/bin/python3).

Usage: gst-rtsp-server.py PORT USER PASSWORD AUTH   (PORT 0 = any free port; AUTH basic|digest)
Prints `READY <port>` on stdout once listening. Mounts (every one needs the credentials):
  /h264      H.264 (x264, 320x240, 25 fps, GOP 25) + PCMA 8 kHz
  /h265      H.265 (x265, 320x240, 25 fps)
  /aac       H.264 + AAC (voaacenc, RFC 3640 mpeg4-generic)
  /pcmu      H.264 + PCMU
  /replay    ONVIF media factory with replay support (Require: onvif-replay, Range: clock=...)
  /Streaming/tracks/101       Hikvision-style playback path (query starttime/endtime ignored)
  /cam/playback               Dahua-style playback path (query ignored)
  /cam/realmonitor            Dahua-style live path
  /Streaming/Channels/101     Hikvision-style live path
"""
import sys
import gi
gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
gi.require_version('GstRtsp', '1.0')
from gi.repository import Gst, GstRtsp, GstRtspServer, GLib  # noqa: E402

Gst.init(None)
port, user, password, method = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

V264 = ('videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1 ! '
        'x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=300 ! rtph264pay name=pay0 pt=96 config-interval=-1')
V265 = ('videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1 ! '
        'x265enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=300 ! rtph265pay name=pay0 pt=96 config-interval=-1')
PCMA = 'audiotestsrc is-live=true wave=sine freq=440 ! audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8'
PCMU = 'audiotestsrc is-live=true wave=sine freq=440 ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay1 pt=0'
AAC = ('audiotestsrc is-live=true wave=sine freq=440 ! audio/x-raw,rate=16000,channels=1 ! voaacenc bitrate=32000 ! '
       'rtpmp4gpay name=pay1 pt=97')

server = GstRtspServer.RTSPOnvifServer.new()
server.set_address('127.0.0.1')
server.set_service(port)

auth = GstRtspServer.RTSPAuth()
if method == 'digest':
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    token = GstRtspServer.RTSPToken()
    token.set_string('media.factory.role', user)
    auth.add_digest(user, password, token)
else:
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
    token = GstRtspServer.RTSPToken()
    token.set_string('media.factory.role', user)
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
server.set_auth(auth)

permissions = GstRtspServer.RTSPPermissions()
permissions.add_permission_for_role(user, 'media.factory.access', True)
permissions.add_permission_for_role(user, 'media.factory.construct', True)


def mount(path, launch, replay=False):
    factory = GstRtspServer.RTSPOnvifMediaFactory.new() if replay else GstRtspServer.RTSPMediaFactory.new()
    factory.set_launch(f'( {launch} )')
    factory.set_shared(True)
    factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    if replay:
        # The ONVIF factory only constructs ONVIF media; without this it answers every DESCRIBE with 400.
        factory.set_media_gtype(GstRtspServer.RTSPOnvifMedia.__gtype__)
        factory.set_replay_support(True)
        factory.set_shared(False)
    factory.set_permissions(permissions)
    server.get_mount_points().add_factory(path, factory)


mount('/h264', f'{V264} {PCMA}')
mount('/h265', V265)
mount('/aac', f'{V264} {AAC}')
mount('/pcmu', f'{V264} {PCMU}')
# Replay: a seekable (non-live) source, so PLAY with Range: clock=... seeks it.
mount('/replay', V264.replace('is-live=true', 'is-live=false'), replay=True)
mount('/Streaming/tracks/101', V264)
mount('/Streaming/Channels/101', f'{V264} {PCMA}')
mount('/cam/playback', V264)
mount('/cam/realmonitor', f'{V264} {PCMA}')

server.attach(None)
print(f'READY {server.get_bound_port()}', flush=True)
GLib.MainLoop().run()
