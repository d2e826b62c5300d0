// One mpegts.js player on the page's <video>, over HTTP-FLV. Says so instead of a black box when the browser
// cannot decode the codec (Media Source Extensions: Debian's Chromium decodes H.264 and AAC, not HEVC).
const MSE_VIDEO = { h264: 'video/mp4; codecs="avc1.42E01E"', h265: 'video/mp4; codecs="hvc1.1.6.L93.B0"' };
const NAMES = { h264: 'H.264', h265: 'H.265 (HEVC)' };

/** Why this browser cannot play `stream` (an /api/streams entry), or undefined when it can. */
export function cannotPlay(stream) {
  const MS = window.ManagedMediaSource ?? window.MediaSource;
  if (!MS || !window.mpegts?.isSupported()) return 'This browser has no Media Source Extensions: it cannot play HTTP-FLV in the page.';
  const codec = stream.video?.codec;
  if (codec && MSE_VIDEO[codec] && !MS.isTypeSupported(MSE_VIDEO[codec]))
    return `This browser cannot decode ${NAMES[codec]} video (MediaSource.isTypeSupported is false), so the page shows no picture. ` +
      `The stream itself is fine: play ${stream.rtmp_url} with ffplay or VLC, or use a browser with ${NAMES[codec]} support.`;
  return undefined;
}

/**
 * Plays `url` into `video`. Audio is tried when the stream has audio; when mpegts.js cannot read its codec
 * (G.711 over FLV) the player restarts video only and `onNote` says so. Answers { destroy() }.
 */
export function play(video, url, hasAudio, onNote, onError) {
  const mpegts = window.mpegts;
  let player;
  const start = (audio) => {
    const p = mpegts.createPlayer({ type: 'flv', isLive: true, url, hasAudio: audio, hasVideo: true }, {
      enableWorker: false, enableStashBuffer: false, lazyLoad: false, liveBufferLatencyChasing: true,
    });
    player = p;
    p.on(mpegts.Events.ERROR, (type, detail, info) => {
      if (p !== player) return; // a player being replaced
      const msg = info?.msg ?? String(detail);
      // mpegts.js reports an FLV audio codec it cannot read (G.711 = 7) as CodecUnsupported.
      if (audio && (detail === mpegts.ErrorDetails.MEDIA_CODEC_UNSUPPORTED || /audio codec/i.test(msg))) {
        player = undefined;
        onNote('This stream\'s audio codec cannot be played in the browser (only AAC can): showing video only.');
        // Not from inside mpegts.js's own event dispatch: it still uses the player after this handler returns.
        setTimeout(() => { destroy(p); if (!stopped) start(false); }, 0);
      } else onError(`${type}: ${msg}`);
    });
    p.attachMediaElement(video);
    p.load();
    void video.play()?.catch(() => undefined);
  };
  let stopped = false;
  const destroy = (p) => {
    try {
      p.pause();
      p.unload();
      p.detachMediaElement();
      p.destroy();
    } catch { /* already gone */ }
  };
  start(hasAudio);
  return {
    destroy() {
      stopped = true;
      if (player) destroy(player);
      player = undefined;
    },
  };
}
