/**
 * A stand-in pusher process for the orphan test: opens one ffmpeg-sink session to argv[2], feeds frames in
 * real time and prints `pid <ffmpeg pid>` once published. The test then SIGKILLs this process, or (mode `exit`)
 * it exits by itself without closing the session.
 */
import { frameLoop, pace } from './media.js';
import { createSink, liveTarget } from './sink.js';

const [base, key, mode] = process.argv.slice(2) as [string, string, string | undefined];
const sink = await createSink({ probeSizeBytes: 32 * 1024 });
const session = sink.open(liveTarget(base, key));
const frames = frameLoop(true);
pace(() => { for (const f of frames.next().value!) session.writeFrame(f); });
await session.published;
process.stdout.write(`pid ${session.pid}\n`);
// 'exit': leave with process.exit() and the session still open (a crash handler or a forgotten close()).
if (mode === 'exit') setTimeout(() => process.exit(0), 200);
