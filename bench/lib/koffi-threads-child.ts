/** Child of the `koffi-threads` scenario: registers a counting callback, starts n C threads calling it, runs 6 s. */
import koffi from 'koffi';

const [libFile, nArg] = process.argv.slice(2);
const lib = koffi.load(libFile!);
const CB = koffi.proto('void KoffiThreadsCb(int id, uint8_t *buf, int len)');
const start = lib.func('void start(KoffiThreadsCb *cb, int n)');
let calls = 0;
const cb = koffi.register(() => { calls++; }, koffi.pointer(CB));
start(cb, Number(nArg));
setTimeout(() => { process.stdout.write(`${calls}\n`); process.exit(0); }, 6000);
