/** The SOAP client and ONVIF calls against the strict ONVIF emulator (no media needed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnvifDevice } from '../../src/onvif/onvif-device.js';
import { SoapFault, soapCall } from '../../src/onvif/soap-client.js';
import { ptzVelocity } from '../../src/ptz-map.js';
import { OnvifEmulator } from '../support/onvif-emulator.js';
import { StatusCode } from '@nvr-pusher/core/contracts';
import { SecretRegistry } from '../../../../core/logging/secrets.js';
import { loadPlugins } from '../../../../core/plugins/plugin-loader.js';
import { REPO_ROOT } from '../../../../test/support/service.js';

const never = () => new AbortController().signal;

describe('ONVIF calls against the emulator', () => {
  const emu = new OnvifEmulator({
    user: 'admin', password: 'pw-1',
    profiles: [{ token: 'p1', name: 'main', videoSource: 'vs-1', encoding: 'H264', streamUri: 'rtsp://127.0.0.1:1/x', ptz: true }],
    recordings: [{ token: 'r1', sourceId: 'vs-1', earliest: '2026-01-01T10:00:00Z', latest: '2026-01-01T11:00:00Z', replayUri: 'rtsp://127.0.0.1:1/replay' }],
  });
  let device: OnvifDevice;
  beforeAll(async () => {
    await emu.start();
    device = new OnvifDevice(emu.deviceUrl, { user: 'admin', password: 'pw-1', timeoutMs: 5000 });
  });
  afterAll(() => emu.stop());

  it('discovers the services and then calls each at its own address', async () => {
    await device.discoverServices(never());
    expect(device.hasService('replay')).toBe(true);
    expect(await device.getProfiles(never())).toEqual([{ token: 'p1', name: 'main', videoSourceToken: 'vs-1', encoding: 'H264' }]);
    expect(await device.getStreamUri('p1', never())).toBe('rtsp://127.0.0.1:1/x');
    expect(emu.calls.find((c) => c.action === 'GetStreamUri')!.service).toBe('media');
    expect(await device.findRecordings(never())).toEqual([{ token: 'r1', sourceId: 'vs-1', earliest: '2026-01-01T10:00:00Z', latest: '2026-01-01T11:00:00Z' }]);
    expect(emu.callsOf('EndSearch')).toHaveLength(1);
    expect(await device.getRecordingSummary(never())).toEqual({ from: '2026-01-01T10:00:00Z', until: '2026-01-01T11:00:00Z', count: 1 });
    expect(await device.getReplayUri('r1', never())).toBe('rtsp://127.0.0.1:1/replay');
  });

  it('the PTZ table maps to generic velocities the device accepts', async () => {
    for (let cmd = 0; cmd <= 13; cmd++) {
      const v = ptzVelocity(cmd as never, 0.5);
      if (!v) continue;
      await device.continuousMove('p1', v.pan, v.tilt, v.zoom, never());
    }
    await device.stop('p1', never());
    const moves = emu.callsOf('ContinuousMove').map((c) => {
      const v = c.body.Velocity as any;
      return [Number(v.PanTilt['@x']), Number(v.PanTilt['@y']), Number(v.Zoom['@x'])];
    });
    expect(moves).toEqual([[0, 0, 0.5], [0, 0, -0.5], [0, 0.5, 0], [0, -0.5, 0], [-0.5, 0, 0], [0.5, 0, 0], [-0.5, 0.5, 0], [0.5, 0.5, 0], [-0.5, -0.5, 0], [0.5, -0.5, 0]]);
    expect([2, 3, 4, 5].map((c) => ptzVelocity(c as never, 0.5))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('faults carry their subcodes: NotAuthorized for a wrong password, NoProfile, NoRecording', async () => {
    const wrong = new OnvifDevice(emu.deviceUrl, { user: 'admin', password: 'nope', timeoutMs: 5000 });
    const e = await wrong.getDeviceInformation(never()).catch((x) => x);
    expect(e).toBeInstanceOf(SoapFault);
    expect([e.notAuthorized, e.info.subcode, e.httpStatus]).toEqual([true, 'NotAuthorized', 400]);
    expect(e.message).not.toContain('nope');
    expect((await device.getStreamUri('nope', never()).catch((x) => x)).info.subcodes).toEqual(['InvalidArgVal', 'NoProfile']);
    expect((await device.getReplayUri('nope', never()).catch((x) => x)).info.subcode).toBe('NoRecording');
  });

  it('the emulator is strict: no token, a reused nonce, a stale Created, a wrong service are refused', async () => {
    const anon = await soapCall(emu.deviceUrl, 'x', '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', { user: '', password: '', timeoutMs: 5000 }, never()).catch((x) => x);
    expect(anon.info.reason).toMatch(/no WS-Security UsernameToken/);
    const skewed = await soapCall(emu.deviceUrl, 'x', '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', { user: 'admin', password: 'pw-1', timeoutMs: 5000, clockOffsetMs: -3_600_000 }, never()).catch((x) => x);
    expect(skewed.info.reason).toMatch(/Created/);
    const wrongService = await soapCall(emu.deviceUrl, 'x', '<GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/>', { user: 'admin', password: 'pw-1', timeoutMs: 5000 }, never()).catch((x) => x);
    expect(wrongService.info.subcode).toBe('ActionNotSupported');
  });

  it('an unreachable device is a transport failure, not a hang', async () => {
    const gone = new OnvifDevice('http://127.0.0.1:9/onvif/device_service', { user: 'a', password: 'b', timeoutMs: 2000 });
    const e = await gone.getDeviceInformation(never()).catch((x) => x);
    expect(e).toBeInstanceOf(SoapFault);
    expect(e.info.subcode).toBe('unreachable');
  });
});

describe('a device whose clock is two hours off', () => {
  const emu = new OnvifEmulator({ user: 'admin', password: 'pw-2', profiles: [], recordings: [], clockSkewMs: 2 * 3_600_000 });
  beforeAll(() => emu.start());
  afterAll(() => emu.stop());

  it('refuses our token until the client stamps it on the device clock (GetSystemDateAndTime)', async () => {
    const device = new OnvifDevice(emu.deviceUrl, { user: 'admin', password: 'pw-2', timeoutMs: 5000 });
    expect((await device.getDeviceInformation(never()).catch((e) => e)).info.reason).toMatch(/Created/);
    const offset = await device.syncClock(never());
    expect(Math.abs(offset - 2 * 3_600_000)).toBeLessThan(5000);
    expect((await device.getDeviceInformation(never())).model).toBe('ONVIF emulator');
  });

  it('login() syncs and retries once; a wrong password still answers 606 after at most two attempts', async () => {
    const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
    const reg = await loadPlugins([{ module: './plugins/onvif', options: {} }], {
      baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
    });
    const source = reg.sourceFor(2)!.source;
    const creds = { category: 2, addr: '127.0.0.1', port: emu.port, user: 'admin', password: 'pw-2' };
    const login = await source.login(creds, never());
    expect(login.id).toContain('127.0.0.1');
    const before = emu.authFailures;
    const bad = await source.login({ ...creds, password: 'wrong' }, never()).catch((e) => e);
    expect(bad.code).toBe(StatusCode.ERR_NVR_LOGIN);
    expect(emu.authFailures - before).toBe(2);
    await reg.dispose(() => undefined);
  });
});
