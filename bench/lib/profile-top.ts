/** `tsx bench/lib/profile-top.ts <file.cpuprofile> [n]`: self time by function (url:line), top n. */
import fs from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; }
const [file, nArg] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const n = byId.get(id)!;
  const d = prof.timeDeltas[i] ?? 0;
  total += d;
  const f = n.callFrame;
  const k = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/work\/main\//, '')}:${f.lineNumber + 1}`;
  self.set(k, (self.get(k) ?? 0) + d);
});
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(nArg ?? 25))) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
