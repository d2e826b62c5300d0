/**
 * One scale run in a fresh process (`report-scale.ts` spawns one per run): no heap, sockets, timers or viewers
 * of an earlier run can weigh on this one, whatever ran before. Prints the result as JSON on its last line.
 */
import { scaleRun, type ScaleParams } from './scale.js';

const params = JSON.parse(process.argv[2] ?? '{}') as ScaleParams;
scaleRun(params).then((r) => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}, (e) => {
  console.error(e);
  process.exit(1);
});
