// Watch pane: start a live stream or a playback through the real API (REAL_STREAM / BACK_STREAM) and play it.
// Handles this page started are its own: beaten every 20 s while the page is open, STOPped when their watch is
// closed (or the page goes away). Watching another client's stream plays its HTTP-FLV URL only: that handle is
// neither beaten nor stopped here (PTZ and seek use it).
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
  /** Handles this page started and still holds. */
  const owned = new Set();

  // BEATS every 20 s (the API's rhythm), more often when heartbeat.timeoutMs is short (from GET /api/host).
  let beatMs = BEAT_MS;
  api('GET', 'api/host').then((r) => { if (r.heartbeat_timeout_ms > 0) beatMs = Math.min(BEAT_MS, r.heartbeat_timeout_ms / 3); }, () => undefined);
  const beatAll = async () => {
    try {
      for (const h of [...owned]) {
        const r = await api('GET', `STREAM/${h}/BEATS`);
        if (r.status_code !== 605) continue;
        owned.delete(h);
        say(`handle ${h} ended on the pusher (${r.status_message})`);
        if (current?.handle === h) void close();
      }
    } catch (e) {
      say(`BEATS failed: ${e.message}`);
    } finally {
      setTimeout(beatAll, beatMs);
    }
  };
  setTimeout(beatAll, 1000);

  async function stopHandle(handle) {
    owned.delete(handle);
    const r = await api('GET', `STREAM/${handle}/STOP`);
    say(r.status_code === 200 ? `stopped handle ${handle}` : `STOP ${handle}: ${r.status_code} ${r.status_message}`);
    void refreshStreams();
  }

  /** Ends the current player, pad and timeline; answers what was shown. */
  function detach() {
    const c = current;
    current = undefined;
    c?.player?.destroy();
    c?.teardown.forEach((f) => f());
    return c;
  }

  async function close() {
    const c = detach();
    if (!c) return;
    video.removeAttribute('src');
    video.load();
    pane.hidden = true;
    pane.removeAttribute('data-stream-key');
    if (owned.has(c.handle)) await stopHandle(c.handle);
  }

  /** Opens `stream` (an /api/streams entry) in the pane: with this page's own handle of it when it has one. */
  async function open(stream) {
    const handles = stream.handles.map((h) => h.play_handle);
    const handle = handles.find((h) => owned.has(h)) ?? handles[0];
    const mine = owned.has(handle);
    // Switching streams keeps this page's handles running (listed with a Stop button); only Close stops one.
    detach();
    current = { stream, handle, teardown: [] };
    pane.hidden = false;
    pane.dataset.streamKey = stream.stream_key;
    title.textContent = `${stream.kind} · ${stream.nvr.addr} ch ${stream.nvr.channel} · ${codecs(stream)}${mine ? ` · handle ${handle}` : ''}`;
    note.hidden = true;
    const problem = !stream.http_flv_url ? 'No HTTP-FLV server is known (set rtmp.httpFlvUrl): the page cannot play this stream.' : cannotPlay(stream);
    video.hidden = Boolean(problem);
    if (problem) {
      note.textContent = problem;
      note.hidden = false;
    } else {
      current.player = play(video, stream.http_flv_url, Boolean(stream.audio), (t) => { note.textContent = t; note.hidden = false; }, (e) => say(`player: ${e}`));
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
    owned.add(r.play_handle);
    const stream = (await refreshStreams()).find((s) => s.handles.some((h) => h.play_handle === r.play_handle));
    if (!stream) {
      say(`handle ${r.play_handle} started, but the pusher no longer lists it`);
      return;
    }
    await open(stream);
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
    for (const h of owned) apiOnUnload('GET', `STREAM/${h}/STOP`);
  });
  return { open, close, stop: stopHandle, owns: (h) => owned.has(h) };
}
