import { randomUUID } from 'node:crypto';
import {
  liveFailed, loginFailed,
  type Logger, type MediaOutput, type NvrCredentials, type NvrLogin, type NvrSource, type SourceSession,
} from '@nvr-pusher/core/contracts';
import type { AcmeOptions } from './options.js';
import { SAMPLE_KEY_FRAME } from './sample-frame.js';

/**
 * A source for "Acme" NVRs. The device here is a built-in demo (it accepts `demoPassword` and sends one H.264
 * key frame 25 times a second) so the template runs as is: replace the marked parts with your SDK's calls.
 * The core shares logins, retries, times out and tears down; a source only logs in, plays and closes.
 */
export class AcmeSource implements NvrSource {
  private readonly logins = new Set<string>();

  constructor(private readonly options: AcmeOptions, private readonly logger: Logger) {}

  async login(c: NvrCredentials, signal: AbortSignal): Promise<NvrLogin> {
    signal.throwIfAborted();
    // SDK: log in to c.addr:c.port; on failure throw loginFailed with the vendor's own error code.
    if (c.password !== this.options.demoPassword) throw loginFailed({ vendor: 'Acme', vendorCode: 1, text: 'user name or password wrong' });
    const id = `acme-${c.addr}-${randomUUID().slice(0, 8)}`; // printable, never the password
    this.logins.add(id);
    return { id };
  }

  async logout(login: NvrLogin): Promise<void> {
    // SDK: log out; never throw (an unknown or already logged-out login is fine).
    this.logins.delete(login.id);
  }

  async openLive(login: NvrLogin, channel: number, out: MediaOutput, signal: AbortSignal): Promise<SourceSession> {
    signal.throwIfAborted();
    if (!this.logins.has(login.id)) throw liveFailed({ vendor: 'Acme', vendorCode: 2, text: 'not logged in' });
    // SDK: start live play; its data callback hands container bytes (out.writeRaw) or frames (out.writeFrame).
    this.logger.debug({ channel }, 'live play started');
    const timer = setInterval(() => out.writeRaw('h264', SAMPLE_KEY_FRAME), 40);
    let closed = false;
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        clearInterval(timer); // SDK: stop live play; no write may follow close()
      },
    };
  }
}
