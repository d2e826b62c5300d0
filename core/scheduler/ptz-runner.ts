import type { Logger, NvrLogin, PtzCommandCode, PtzSource } from '@nvr-pusher/core/contracts';

interface Running {
  command: PtzCommandCode;
  timer: NodeJS.Timeout;
  stop: () => Promise<void>;
}

/**
 * Runs PTZ moves per camera: start now, stop after `duration`; a new command on the same camera first stops the
 * running one. Commands for one camera are serialised so start/stop never interleave at the NVR.
 */
export class PtzRunner {
  private readonly running = new Map<string, Running>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  run(camera: string, source: PtzSource, login: NvrLogin, channel: number, command: PtzCommandCode, durationMs: number, signal: AbortSignal): Promise<void> {
    const prev = this.queues.get(camera) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(() => this.start(camera, source, login, channel, command, durationMs, signal));
    this.queues.set(camera, next);
    void next.finally(() => {
      if (this.queues.get(camera) === next) this.queues.delete(camera);
    }).catch(() => undefined);
    return next;
  }

  private async start(camera: string, source: PtzSource, login: NvrLogin, channel: number, command: PtzCommandCode, durationMs: number, signal: AbortSignal): Promise<void> {
    const old = this.running.get(camera);
    if (old) {
      clearTimeout(old.timer);
      this.running.delete(camera);
      await old.stop();
    }
    await source.ptz(login, channel, command, false, signal);
    const stop = async () => {
      try {
        await source.ptz(login, channel, command, true, AbortSignal.timeout(5000));
      } catch (e) {
        this.logger.warn({ camera, command, err: e }, 'PTZ stop failed');
      }
    };
    const entry: Running = {
      command,
      stop,
      timer: setTimeout(() => {
        if (this.running.get(camera) === entry) this.running.delete(camera);
        void this.enqueue(camera, stop);
      }, durationMs),
    };
    this.running.set(camera, entry);
  }

  private enqueue(camera: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.queues.get(camera) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.queues.set(camera, next);
    return next;
  }

  /** Stops the running move of `camera` (its last stream stopped), or of every camera (shutdown). */
  async stopAll(only?: string): Promise<void> {
    const stops: Promise<void>[] = [];
    for (const [camera, r] of this.running) {
      if (only !== undefined && camera !== only) continue;
      clearTimeout(r.timer);
      this.running.delete(camera);
      stops.push(r.stop());
    }
    await Promise.all(stops);
  }
}
