/** The test bed: the GStreamer RTSP server plus an ONVIF emulator whose profiles and recordings point at it. */
import { OnvifEmulator } from './onvif-emulator.js';
import { startGstServer, type GstServer } from './gst-server.js';

export const USER = 'admin';
export const PASSWORD = 'onvif-secret-7';

export interface Bed {
  gst: GstServer;
  onvif: OnvifEmulator;
  stop(): Promise<void>;
}

/** Channel 1: H.264 + PCMA; 2: H.265; 3: H.264 + AAC (no PTZ); recording rec-1 of channel 1, 2026-01-01 10:00–11:00 UTC. */
export async function startBed(auth: 'basic' | 'digest' = 'digest'): Promise<Bed> {
  const gst = await startGstServer(USER, PASSWORD, auth);
  const onvif = new OnvifEmulator({
    user: USER,
    password: PASSWORD,
    profiles: [
      { token: 'main', name: 'main', videoSource: 'vs-1', encoding: 'H264', streamUri: gst.url('/h264'), ptz: true },
      { token: 'h265', name: 'h265', videoSource: 'vs-2', encoding: 'H265', streamUri: gst.url('/h265'), ptz: true },
      { token: 'aac', name: 'aac', videoSource: 'vs-3', encoding: 'H264', streamUri: gst.url('/aac'), ptz: false },
    ],
    recordings: [
      { token: 'rec-1', sourceId: 'vs-1', earliest: '2026-01-01T10:00:00Z', latest: '2026-01-01T11:00:00Z', replayUri: gst.url('/replay') },
    ],
  });
  await onvif.start();
  return {
    gst,
    onvif,
    async stop() {
      await onvif.stop();
      await gst.stop();
    },
  };
}
