// PTZ pad: hold a button to move (PTZControl, renewed while held), release to stop (a last 100 ms command: the
// API has no separate stop; a new command on the camera replaces the running one).
import { api } from './api.js';
import { el } from './format.js';

const HOLD_MS = 1000;
const RENEW_MS = 800;
const RELEASE_MS = 100;

// Three rows: the directions, a spacer column, then zoom / focus / iris.
const PAD = [
  ['↖', 'up left', 10], ['↑', 'tilt up', 6], ['↗', 'up right', 11], [null], ['+', 'zoom in', 0], ['−', 'zoom out', 1],
  ['←', 'pan left', 8], [null], ['→', 'pan right', 9], [null], ['F+', 'focus far', 3], ['F−', 'focus near', 2],
  ['↙', 'down left', 12], ['↓', 'tilt down', 7], ['↘', 'down right', 13], [null], ['I+', 'iris open', 4], ['I−', 'iris close', 5],
];

/** Fills #ptz for `handle`; `say(text)` reports failures. Answers a teardown function. */
export function setupPtz(handle, say) {
  const box = document.getElementById('ptz');
  let held;
  const send = async (command, duration) => {
    const r = await api('POST', `STREAM/${handle}/PTZControl`, { command, duration });
    if (r.status_code !== 200) say(`PTZ: ${r.status_code} ${r.status_message}`);
    return r;
  };
  const release = () => {
    if (!held) return;
    clearInterval(held.timer);
    void send(held.command, RELEASE_MS);
    held = undefined;
  };
  const press = (command) => {
    release();
    held = { command, timer: setInterval(() => void send(command, HOLD_MS), RENEW_MS) };
    void send(command, HOLD_MS);
  };
  box.replaceChildren(...PAD.map(([label, name, command]) => label === null || label === undefined
    ? el('span')
    : el('button', {
      type: 'button', 'aria-label': name, title: name, 'data-command': command,
      onpointerdown: (e) => { e.preventDefault(); e.target.setPointerCapture?.(e.pointerId); press(command); },
      onpointerup: release, onpointercancel: release, onlostpointercapture: release,
    }, label)));
  box.hidden = false;
  window.addEventListener('blur', release);
  return () => {
    release();
    window.removeEventListener('blur', release);
    box.hidden = true;
    box.replaceChildren();
  };
}
