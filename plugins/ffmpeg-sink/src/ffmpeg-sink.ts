/** The StreamSink: one {@link FfmpegSession} (= one ffmpeg process) per publication. */
import type { Logger, PublishTarget, StreamSink } from '@nvr-pusher/core/contracts';
import type { FfmpegSinkOptions } from './config-schema.js';
import type { FfmpegBinary } from './ffmpeg-binary.js';
import { FfmpegSession } from './ffmpeg-session.js';
import { urlSecrets } from './redact.js';

export class FfmpegSink implements StreamSink {
  readonly #sessions = new Set<FfmpegSession>();
  #nextId = 1;

  constructor(
    readonly binary: FfmpegBinary,
    private readonly options: FfmpegSinkOptions,
    private readonly logger: Logger,
    private readonly registerSecret: (secret: string) => void = () => undefined,
  ) {}

  open(target: PublishTarget): FfmpegSession {
    for (const secret of urlSecrets(target.url)) this.registerSecret(secret);
    const session = new FfmpegSession(target, {
      binary: this.binary.path,
      options: this.options,
      logger: this.logger.child({ session: this.#nextId++, kind: target.kind }),
      onEnd: () => this.#sessions.delete(session),
    });
    this.#sessions.add(session);
    return session;
  }

  /** Closes whatever the core left open (it should have closed every session already). */
  async dispose(): Promise<void> {
    await Promise.all([...this.#sessions].map((s) => s.close()));
    this.#sessions.clear();
  }
}
