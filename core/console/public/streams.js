// Streams pane: every upstream from GET /api/streams, refreshed every 2 s.
import { api } from './api.js';
import { codecs, duration, el } from './format.js';

const REFRESH_MS = 2000;

function rate(s) {
  const kbps = s.bitrate_in_kbps;
  const bits = kbps >= 1000 ? `${(kbps / 1000).toFixed(2)} Mbit/s` : `${Math.round(kbps)} kbit/s`;
  return s.fps_in ? `${bits} · ${s.fps_in} fps` : bits;
}

function row(s, actions) {
  const nvr = `${s.nvr.addr}:${s.nvr.port} ch ${s.nvr.channel}`;
  const handles = s.handles.map((h) => `#${h.play_handle} (${duration(h.last_beat_s_ago)} ago)`).join(', ') || '—';
  const watch = el('button', { type: 'button', disabled: !s.http_flv_url, title: s.http_flv_url ?? 'no HTTP-FLV server known (rtmp.httpFlvUrl)', onclick: () => actions.watch(s) }, 'Watch');
  const mine = s.handles.map((h) => h.play_handle).filter((h) => actions.owns(h));
  const stops = mine.map((h) => el('button', { type: 'button', title: `STOP handle ${h} (started by this page)`, onclick: () => actions.stop(h) }, `Stop #${h}`));
  return el('tr', { 'data-stream-key': s.stream_key, 'data-handles': s.handles.map((h) => h.play_handle).join(',') },
    el('td', { title: s.rtmp_url }, el('code', {}, s.stream_key)),
    el('td', {}, nvr, el('div', { class: 'muted' }, `category ${s.nvr.category} · ${s.nvr.plugin}${s.node ? ` · node ${s.node}` : ''}`)),
    el('td', {}, s.kind, s.start_time ? el('div', { class: 'muted' }, `${s.start_time} → ${s.stop_time}`) : null),
    el('td', { class: `state-${s.state}` }, s.state),
    el('td', { class: 'handles' }, handles),
    el('td', {}, codecs(s)),
    el('td', { class: 'num' }, rate(s)),
    el('td', { class: 'num' }, s.frames_dropped),
    el('td', { class: 'num' }, s.republishes + s.source_restarts ? `${s.republishes} / ${s.source_restarts} restarts` : '0'),
    el('td', { class: 'num' }, duration(s.uptime_s)),
    el('td', { class: 'actions' }, watch, ...stops),
  );
}

/**
 * Starts polling. `actions`: watch(stream) opens it in the Watch pane, owns(handle) says this page started it,
 * stop(handle) STOPs such a handle. Answers `refresh()` → the latest streams.
 */
export function startStreamsPane(actions) {
  const tbody = document.querySelector('#streams tbody');
  const empty = document.getElementById('streams-empty');
  const updated = document.getElementById('streams-updated');
  let latest = [];
  async function refresh() {
    try {
      const r = await api('GET', 'api/streams');
      if (r.status_code !== 200) throw new Error(r.status_message);
      latest = r.streams;
      tbody.replaceChildren(...latest.map((s) => row(s, actions)));
      empty.hidden = latest.length > 0;
      updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      updated.textContent = `refresh failed: ${e.message}`;
    }
    return latest;
  }
  void refresh();
  setInterval(refresh, REFRESH_MS);
  return refresh;
}
