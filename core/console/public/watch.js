// Watch pane: start a live stream or a playback through the real API (REAL_STREAM / BACK_STREAM), play it, BEATS
// while it plays, STOP when closed. Watching a stream from the Streams pane plays its HTTP-FLV URL only: the
// handle belongs to whoever started it and is neither beaten nor stopped here (PTZ and seek use it).
import { api, apiOnUnload } from './api.js';
import { codecs, formatWall } from './format.js';
import { cannotPlay, play } from './player.js';
import { setupPtz } from './ptz.js';
import { setupTimeline } from './timeline.js';

const BEAT_MS = 20_000;

export function createWatchPane(refreshStreams) {
  const pane = document.getElementById('player');
  const video = document.getElementById('video');
  const title = document.getElementById('player-title');
  const note = document.getElementById('codec-note');
  const status = document.getElementById('watch-status');
  const say = (t) => { status.textContent = t; };
  let current;

  async function close() {
    const c = current;
    if (!c) return;
    current = undefined;
    clearInterval(c.beats);
    c.player?.destroy();
    c.teardown.forEach((f) => f());
    video.removeAttribute('src');
    video.load();
    pane.hidden = true;
    pane.removeAttribute('data-stream-key');
    if (c.owned) {
      const r = await api('GET', `STREAM/${c.handle}/STOP`);
      say(r.status_code === 200 ? `stopped handle ${c.handle}` : `STOP ${c.handle}: ${r.status_code} ${r.status_message}`);
      void refreshStreams();
    }
  }

  /** Opens `stream` (an /api/streams entry); `owned` = this page started `handle` and must beat and stop it. */
  async function open(stream, handle = stream.handles[0]?.play_handle, owned = false) {
    await close();
    current = { stream, handle, owned, teardown: [] };
    pane.hidden = false;
    pane.dataset.streamKey = stream.stream_key;
    title.textContent = `${stream.kind} · ${stream.nvr.addr} ch ${stream.nvr.channel} · ${codecs(stream)}${owned ? ` · handle ${handle}` : ''}`;
    note.hidden = true;
    const problem = !stream.http_flv_url ? 'No HTTP-FLV server is known (set rtmp.httpFlvUrl): the page cannot play this stream.' : cannotPlay(stream);
    video.hidden = Boolean(problem);
    if (problem) {
      note.textContent = problem;
      note.hidden = false;
    } else {
      current.player = play(video, stream.http_flv_url, Boolean(stream.audio), (t) => { note.textContent = t; note.hidden = false; }, (e) => say(`player: ${e}`));
    }
    if (owned) {
      current.beats = setInterval(async () => {
        const r = await api('GET', `STREAM/${handle}/BEATS`);
        if (r.status_code === 605 && current?.handle === handle) {
          current.owned = false;
          say(`handle ${handle} ended on the pusher (${r.status_message})`);
          void close();
        }
      }, BEAT_MS);
    }
    if (handle !== undefined && stream.kind === 'live') current.teardown.push(setupPtz(handle, say));
    if (handle !== undefined && stream.kind === 'playback') current.teardown.push(setupTimeline(stream, handle, video, say));
  }

  async function start(kind, form) {
    const f = Object.fromEntries(new FormData(form));
    const body = {
      nvr_category: Number(f.nvr_category), nvr_addr: f.nvr_addr, nvr_port: Number(f.nvr_port),
      nvr_user: f.nvr_user, nvr_pwd: f.nvr_pwd, nvr_channel: Number(f.nvr_channel),
      ...(kind === 'playback' ? { startTime: f.startTime, endTime: f.endTime } : {}),
    };
    say(`starting ${kind}…`);
    const r = await api('POST', kind === 'live' ? 'REAL_STREAM' : 'BACK_STREAM', body);
    if (r.status_code !== 200) {
      say(`${r.status_code}: ${r.status_message}`);
      return;
    }
    say(`handle ${r.play_handle}: ${r.rtmp_url}`);
    const stream = (await refreshStreams()).find((s) => s.handles.some((h) => h.play_handle === r.play_handle));
    if (!stream) {
      say(`handle ${r.play_handle} started, but the pusher no longer lists it`);
      return;
    }
    await open(stream, r.play_handle, true);
  }

  const form = document.getElementById('start-form');
  const now = Date.now() - new Date().getTimezoneOffset() * 60_000;
  form.startTime.value = formatWall(now - 3_600_000);
  form.endTime.value = formatWall(now);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void start(e.submitter?.value === 'playback' ? 'playback' : 'live', form);
  });
  document.getElementById('close-watch').addEventListener('click', () => void close());
  window.addEventListener('pagehide', () => {
    if (current?.owned) apiOnUnload('GET', `STREAM/${current.handle}/STOP`);
  });
  return { open, close };
}
