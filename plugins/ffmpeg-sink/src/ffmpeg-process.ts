/**
 * One ffmpeg child process, spawned through fluent-ffmpeg with a {@link BoundedInput} piped into its stdin, and
 * the documented stop sequence. Knows nothing about sessions or RTMP semantics.
 */
import type { ChildProcess } from 'node:child_process';
import ffmpeg from 'fluent-ffmpeg';
import type { BoundedInput } from './bounded-input.js';
import { trackPid, untrackPid } from './pid-registry.js';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (ENOENT, capability check failed). */
  readonly spawnError?: Error;
}

export interface FfmpegProcessSpec {
  readonly binary: string;
  readonly input: BoundedInput;
  readonly inputOptions: string[];
  readonly outputOptions: string[];
  readonly url: string;
  readonly onLine: (line: string) => void;
  readonly onSpawn: (pid: number, args: readonly string[]) => void;
}

const waitFor = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.then(() => { clearTimeout(t); resolve(true); });
  });

export class FfmpegProcess {
  readonly exited: Promise<ProcessExit>;
  #child: ChildProcess | undefined;
  #spawned: Promise<ChildProcess | undefined>;
  #hasExited = false;

  constructor(private readonly spec: FfmpegProcessSpec) {
    let settleExit!: (e: ProcessExit) => void;
    let settleSpawn!: (c: ChildProcess | undefined) => void;
    this.exited = new Promise((r) => { settleExit = (e) => { this.#hasExited = true; r(e); }; });
    this.#spawned = new Promise((r) => { settleSpawn = r; });

    const command = ffmpeg({ source: spec.input, stdoutLines: 0 })
      .setFfmpegPath(spec.binary)
      .inputOptions(spec.inputOptions)
      .outputOptions(spec.outputOptions)
      .output(spec.url);
    command.on('start', () => {
      const child = (command as unknown as { ffmpegProc: ChildProcess }).ffmpegProc;
      this.#child = child;
      const pid = child.pid;
      if (pid !== undefined) trackPid(pid);
      child.once('exit', (code, signal) => {
        if (pid !== undefined) untrackPid(pid);
        settleExit({ code, signal });
      });
      child.once('error', (error) => settleExit({ code: null, signal: null, spawnError: error }));
      settleSpawn(child);
      spec.onSpawn(pid ?? -1, child.spawnargs.slice(1));
    });
    command.on('stderr', (line: string) => spec.onLine(line));
    command.on('error', (error: Error) => {
      // Exit errors are reported through the child's own 'exit'; this catches failures before any spawn.
      if (!this.#child) {
        settleSpawn(undefined);
        settleExit({ code: null, signal: null, spawnError: error });
      }
    });
    command.on('end', () => undefined);
    command.run();
  }

  /** The child's pid once spawned. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Sends a signal (tests and fault handling). */
  kill(signal: NodeJS.Signals): void {
    if (!this.#hasExited) this.#child?.kill(signal);
  }

  /**
   * The stop sequence (scrypted `safeKillFFmpeg`): end stdin, wait `graceMs`, destroy stdio, SIGTERM, wait
   * `killMs`, SIGKILL, wait for the exit.
   *
   * ffmpeg's "q" command is not used: stdin carries the media (`-i pipe:0`), so ffmpeg never reads keyboard
   * commands from it (it disables stdin interaction for a `pipe:` input) and a "q" would be read as media.
   * The graceful equivalent is EOF on stdin: ffmpeg drains its input, writes the FLV trailer and exits 0.
   */
  async stop(graceMs: number, killMs: number): Promise<void> {
    this.spec.input.finish();
    const child = await this.#spawned;
    if (!child || this.#hasExited) return;
    if (await waitFor(this.exited, graceMs)) return;
    child.stdin?.destroy();
    child.stdout?.destroy();
    child.stderr?.destroy();
    this.spec.input.destroy();
    child.kill('SIGTERM');
    if (await waitFor(this.exited, killMs)) return;
    child.kill('SIGKILL');
    await this.exited;
  }
}
