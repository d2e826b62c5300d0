// Playback timeline: the range played, a cursor estimated from the picture's own clock, click to seek (POSITION).
// The player keeps running across a seek: the pusher keeps the published timestamps increasing.
import { api } from './api.js';
import { formatWall, parseWall } from './format.js';

/** `stream` is an /api/streams entry of kind playback. Answers a teardown function. */
export function setupTimeline(stream, handle, video, say) {
  const box = document.getElementById('timeline');
  const bar = document.getElementById('timeline-bar');
  const cursor = document.getElementById('timeline-cursor');
  const posLabel = document.getElementById('timeline-pos');
  const start = parseWall(stream.start_time);
  const stop = parseWall(stream.stop_time);
  if (start === undefined || stop === undefined || stop <= start) return () => undefined;
  document.getElementById('timeline-start').textContent = stream.start_time;
  document.getElementById('timeline-stop').textContent = stream.stop_time;
  // Position = the last known point + the picture time played since then.
  let anchor = { pos: start + stream.uptime_s * 1000, at: video.currentTime };
  const position = () => Math.min(stop, anchor.pos + Math.max(0, video.currentTime - anchor.at) * 1000);
  const draw = () => {
    const p = position();
    cursor.style.left = `${((p - start) / (stop - start)) * 100}%`;
    posLabel.textContent = formatWall(p);
  };
  const timer = setInterval(draw, 500);
  const onClick = async (e) => {
    const r = bar.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
    const target = Math.round((start + f * (stop - start)) / 1000) * 1000;
    const pos_time = formatWall(target);
    const answer = await api('POST', `STREAM/${handle}/POSITION`, { pos_time });
    if (answer.status_code === 200) {
      anchor = { pos: target, at: video.currentTime };
      say(`seeked to ${pos_time}`);
      draw();
    } else say(`seek: ${answer.status_code} ${answer.status_message}`);
  };
  bar.addEventListener('click', onClick);
  box.hidden = false;
  draw();
  return () => {
    clearInterval(timer);
    bar.removeEventListener('click', onClick);
    box.hidden = true;
  };
}
