/**
 * The dhnetsdk's own thread (worker entry, started through `SdkThreadPool` by `SharedSdk`). It loads the library
 * and makes every CLIENT_* call synchronously; a failure's `CLIENT_GetLastError` is read right after the call, on
 * this thread (nothing shows Dahua's is process-wide; HCNetSDK's is per thread), and travels back as a
 * `VendorCallError`. Callback pointers arrive as addresses registered on the main thread (koffi runs them there).
 */
import { workerData } from 'node:worker_threads';
import koffi from 'koffi';
import { serveSdkThread, VendorCallError } from '@nvr-pusher/core/ffi';
import { loadDhLib } from './lib.js';
import { NET_RECORDFILE_INFO, type NetTime } from './structs.js';

const lib = loadDhLib((workerData as { path: string }).path);

/** EM_REALDATA_FLAG bit 0x01: raw (DHAV) data, delivered with dwDataType 0. */
const REALDATA_FLAG_RAW = 0x01;
/** NET_RECORDFILE_INFO entries asked for per query; 196 bytes each. */
const MAX_RECORDS = 256;
const RECORD_QUERY_WAIT_MS = 5000;

const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));
/** The error of the call just made on this thread (`operation` names it for messages). */
function fail(operation: string, loginError?: number): VendorCallError {
  const code = (lib.CLIENT_GetLastError() as number) >>> 0;
  return new VendorCallError(operation, code, undefined, loginError === undefined ? undefined : { loginError });
}

serveSdkThread({
  /** CLIENT_Init with the disconnect callback; the version is read after it; connect time; auto-reconnect. */
  init(disconnect: bigint, reconnect: bigint | null, opts: { connectTimeoutMs: number; connectTries: number }): { version: number } {
    if (!lib.CLIENT_Init(disconnect, 0)) throw fail('init');
    lib.CLIENT_SetConnectTime(opts.connectTimeoutMs, opts.connectTries);
    if (reconnect !== null) lib.CLIENT_SetAutoReconnect(reconnect, 0);
    return { version: (lib.CLIENT_GetSDKVersion() as number) >>> 0 };
  },
  login(input: Record<string, unknown>): { handle: bigint; channels: number; serial: number[] } {
    const output: Record<string, any> = { dwSize: 240 };
    const handle = big(lib.CLIENT_LoginWithHighLevelSecurity(input, output));
    if (handle === 0n) throw fail('login', output.nError as number);
    return { handle, channels: output.stuDeviceInfo.nChanNum, serial: output.stuDeviceInfo.sSerialNumber };
  },
  logout(login: bigint): void {
    if (!lib.CLIENT_Logout(login)) throw fail('logout');
  },
  /** RealPlayEx, then the raw data callback; a failed second step stops the play again. */
  startLive(login: bigint, channel: number, rtype: number, cb: bigint): bigint {
    const play = big(lib.CLIENT_RealPlayEx(login, channel, null, rtype));
    if (play === 0n) throw fail('live play');
    if (!lib.CLIENT_SetRealDataCallBackEx2(play, cb, 0, REALDATA_FLAG_RAW)) {
      const e = fail('set data callback');
      lib.CLIENT_StopRealPlayEx(play);
      throw e;
    }
    return play;
  },
  stopLive(play: bigint): void {
    if (!lib.CLIENT_StopRealPlayEx(play)) throw fail('stop live');
  },
  /** The raw records of the query (decoded here, plain objects back). */
  findRecords(login: bigint, channel: number, start: NetTime, end: NetTime): unknown[] {
    const size = koffi.sizeof(NET_RECORDFILE_INFO);
    const buf = Buffer.alloc(size * MAX_RECORDS);
    const count = [0];
    if (!lib.CLIENT_QueryRecordFile(login, channel, 0, start, end, null, buf, buf.length, count, RECORD_QUERY_WAIT_MS, 0)) throw fail('record query');
    const n = Math.min(count[0] ?? 0, MAX_RECORDS);
    return Array.from({ length: n }, (_, i) => koffi.decode(buf, i * size, NET_RECORDFILE_INFO));
  },
  startPlayback(login: bigint, channel: number, start: NetTime, end: NetTime, pos: bigint, data: bigint): bigint {
    const play = big(lib.CLIENT_PlayBackByTimeEx(login, channel, start, end, null, pos, 0, data, 0));
    if (play === 0n) throw fail('playback');
    return play;
  },
  seekPlayback(play: bigint, time: NetTime): void {
    if (!lib.CLIENT_SeekPlayBackByTime(play, time)) throw fail('seek');
  },
  stopPlayback(play: bigint): void {
    if (!lib.CLIENT_StopPlayBack(play)) throw fail('stop playback');
  },
  ptz(login: bigint, channel: number, command: number, p1: number, p2: number, p3: number, stop: boolean): void {
    if (!lib.CLIENT_DHPTZControlEx2(login, channel, command, p1, p2, p3, stop ? 1 : 0, null)) throw fail('ptz');
  },
  cleanup(): void {
    lib.CLIENT_Cleanup();
  },
});
