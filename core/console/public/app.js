// The console's entry point: wires the panes (no framework, no build step).
import { token } from './api.js';
import { startHostPane } from './host.js';
import { startStreamsPane } from './streams.js';
import { createWatchPane } from './watch.js';

let watch;
const refreshStreams = startStreamsPane({
  watch: (stream) => void watch.open(stream),
  owns: (handle) => watch?.owns(handle) ?? false,
  stop: (handle) => void watch.stop(handle),
});
watch = createWatchPane(refreshStreams);
startHostPane();

const forget = document.getElementById('forget-token');
forget.hidden = !token.get();
forget.addEventListener('click', () => { token.forget(); location.reload(); });
