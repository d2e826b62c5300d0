// Host summary: plugins (versions, categories), sink, NVR logins (GET /api/host) and the /healthz counts.
import { api } from './api.js';
import { duration, el } from './format.js';

async function health() {
  const box = document.getElementById('health');
  try {
    const h = await (await fetch('healthz')).json();
    box.replaceChildren(
      el('span', {}, `status ${h.status}`), el('span', {}, `streams ${h.streams}`), el('span', {}, `handles ${h.handles}`),
      el('span', {}, `logins ${h.logins}`), el('span', {}, `up ${duration(h.uptime_s)}`),
    );
  } catch {
    box.replaceChildren(el('span', { class: 'warn' }, 'the pusher does not answer'));
  }
}

async function host() {
  const r = await api('GET', 'api/host');
  if (r.status_code !== 200) return;
  const plugins = el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'plugin'), el('th', {}, 'version'), el('th', {}, 'kind'), el('th', {}, 'nvr_category'), el('th', {}, 'capabilities'))),
    el('tbody', {}, r.plugins.map((p) => el('tr', { 'data-plugin': p.name },
      el('td', {}, p.name), el('td', {}, p.version ?? '—'), el('td', {}, p.kind),
      el('td', {}, p.categories.join(', ') || '—'), el('td', {}, p.capabilities.join(', ') || '—')))));
  const logins = r.logins.length
    ? el('ul', {}, r.logins.map((l) => el('li', {}, `${l.login} — ${l.state}, ${l.users} stream(s)`)))
    : el('p', { class: 'muted' }, 'no NVR logins');
  document.getElementById('host').replaceChildren(
    plugins,
    el('dl', {}, el('dt', {}, 'sink'), el('dd', {}, r.sink), el('dt', {}, 'HTTP-FLV'), el('dd', {}, r.http_flv_base ?? 'none (set rtmp.httpFlvUrl)')),
    el('h3', {}, 'NVR logins'), logins,
  );
}

export function startHostPane() {
  void health();
  void host();
  setInterval(health, 2000); // /healthz is exempt from api.rateLimitPerMinute
  setInterval(host, 5000);
}
