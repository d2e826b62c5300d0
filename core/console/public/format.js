// Small display helpers shared by the panes.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function duration(s) {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function codecs(s) {
  const v = s.video ? `${s.video.codec.toUpperCase()} ${s.video.width}×${s.video.height}` : 'video ?';
  const a = s.audio ? ` + ${s.audio.codec.toUpperCase()} ${s.audio.sample_rate / 1000} kHz` : '';
  return v + a;
}

/** NVR wall time "YYYY-MM-DD HH:mm:ss" ↔ ms (UTC arithmetic; the NVR's local time is never converted). */
export function parseWall(t) {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(t ?? '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

export function formatWall(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
