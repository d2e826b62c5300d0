/**
 * Every ffmpeg pid this process started and that has not exited yet. When the pusher exits normally (or on an
 * uncaught exception) the exit hook SIGKILLs what is left, synchronously, so no ffmpeg outlives it.
 *
 * When the pusher is SIGKILLed no hook runs; then the pipe does the work: ffmpeg reads its input from our
 * stdin pipe, the kernel closes the write end with our process, ffmpeg sees EOF, flushes and exits.
 * (PR_SET_PDEATHSIG would be the stronger tool but Node cannot set it on a child without a native addon or a
 * wrapper binary.) This set is process-wide on purpose: the exit hook is.
 */
const live = new Set<number>();
let hooked = false;

function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

export function trackPid(pid: number): void {
  live.add(pid);
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
  }
}

export function untrackPid(pid: number): void {
  live.delete(pid);
}

/** Pids of ffmpeg processes started by this process and still running (tests, diagnostics). */
export function livePids(): number[] {
  return [...live];
}
