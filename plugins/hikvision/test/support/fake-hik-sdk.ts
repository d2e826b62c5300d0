/** A scripted in-memory `HikSdk` for adapter unit tests: records calls, fails on demand, emits data/exceptions. */
import { HikSdkError, hikErrorText, type DataListener, type DeviceInfo, type HikSdk, type LiveRequest, type SdkException, type SearchStep, type TimeRange } from '../../src/sdk/index.js';

export const sdkError = (fn: string, code: number, lock?: HikSdkError['lock']) => new HikSdkError(fn, code, hikErrorText(code), lock);

export class FakeHikSdk implements HikSdk {
  readonly version = '6.1.9.55';
  readonly calls: { fn: string; args: unknown[] }[] = [];
  /** Throws the given error from the named method once (or always with `sticky`). */
  readonly failures = new Map<string, { error: Error; sticky?: boolean }>();
  readonly listeners = new Set<(e: SdkException) => void>();
  readonly data = new Map<number, DataListener>();
  searchSteps: SearchStep[] = [];
  position = 0;
  /** Makes the next startLive return this handle (the real SDK reuses freed slots). */
  nextLiveHandle: number | undefined;
  /** stopLive waits for this before returning (to interleave a close with a new open). */
  stopGate: Promise<void> | undefined;
  private next = 0;
  cleanedUp = false;

  private call(fn: string, ...args: unknown[]): void {
    this.calls.push({ fn, args });
    const f = this.failures.get(fn);
    if (f) {
      if (!f.sticky) this.failures.delete(fn);
      throw f.error;
    }
  }
  count(fn: string): number {
    return this.calls.filter((c) => c.fn === fn).length;
  }

  onException(l: (e: SdkException) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emitException(e: SdkException): void {
    for (const l of this.listeners) l(e);
  }
  async login(address: string, port: number, user: string, password: string): Promise<DeviceInfo> {
    this.call('login', address, port, user, password);
    return { userId: this.next++, serial: 'FAKE', analogStart: 1, analogCount: 0, ipStart: 33, ipCount: 4, supportsLock: true, attemptsLeft: 5 };
  }
  async logout(userId: number): Promise<void> {
    this.call('logout', userId);
  }
  async startLive(userId: number, req: LiveRequest, onData: DataListener): Promise<number> {
    this.call('startLive', userId, req);
    const h = this.nextLiveHandle ?? this.next++;
    this.nextLiveHandle = undefined;
    this.data.set(h, onData);
    return h;
  }
  async stopLive(handle: number): Promise<void> {
    await this.stopGate;
    this.data.delete(handle);
    this.call('stopLive', handle);
  }
  async openSearch(userId: number, range: TimeRange): Promise<number> {
    this.call('openSearch', userId, range);
    return this.next++;
  }
  async nextFile(search: number): Promise<SearchStep> {
    this.call('nextFile', search);
    return this.searchSteps.shift() ?? { status: 'end' };
  }
  async closeSearch(search: number): Promise<void> {
    this.call('closeSearch', search);
  }
  async startPlayback(userId: number, range: TimeRange, onData: DataListener): Promise<number> {
    this.call('startPlayback', userId, range);
    const h = this.next++;
    this.data.set(h, onData);
    return h;
  }
  async seekPlayback(handle: number, time: number): Promise<void> {
    this.call('seekPlayback', handle, time);
  }
  async playbackPosition(handle: number): Promise<number> {
    this.call('playbackPosition', handle);
    return this.position;
  }
  async stopPlayback(handle: number): Promise<void> {
    this.data.delete(handle);
    this.call('stopPlayback', handle);
  }
  async ptz(userId: number, channel: number, command: number, stop: boolean, speed: number): Promise<void> {
    this.call('ptz', userId, channel, command, stop, speed);
  }
  registeredCallbacks(): number {
    return this.data.size;
  }
  async cleanup(): Promise<void> {
    this.cleanedUp = true;
  }
}
