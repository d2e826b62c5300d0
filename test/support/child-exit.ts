import type { ChildProcess } from 'node:child_process';

/** Resolves once `child` has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** The test servers' stop sequence: SIGTERM, SIGKILL after 3 s, then `cleanup`. */
export async function stopChild(child: ChildProcess, cleanup: () => void = () => undefined): Promise<void> {
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited(child);
  clearTimeout(t);
  cleanup();
}
