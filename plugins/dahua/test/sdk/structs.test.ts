// Layouts measured by compiling dhnetsdk.h (docs/vendor/dahua-sdk.md §4); runs without the vendor library.
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import * as S from '../../src/sdk/structs.js';
import '../../src/sdk/callbacks.js';

const offsets = (t: unknown): Record<string, number> =>
  Object.fromEntries(Object.entries((t as any).members as Record<string, { offset: number }>).map(([k, v]) => [k, v.offset]));

describe('dhnetsdk struct layouts (docs/vendor/dahua-sdk.md §4)', () => {
  it.each([
    ['NET_TIME', S.NET_TIME, 24, 4],
    ['NET_DEVICEINFO_Ex', S.NET_DEVICEINFO_Ex, 100, 4],
    ['NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY', S.NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY, 216, 8],
    ['NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY', S.NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY, 240, 4],
    ['NET_RECORDFILE_INFO', S.NET_RECORDFILE_INFO, 196, 4],
    ['NET_PARAM', S.NET_PARAM, 48, 4],
  ] as const)('%s is %i bytes, aligned to %i', (_n, t, size, align) => {
    expect(koffi.sizeof(t)).toBe(size);
    expect(koffi.alignof(t)).toBe(align);
  });

  it('NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY offsets (§4.1)', () => {
    expect(offsets(S.NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY)).toEqual({ dwSize: 0, szIP: 4, nPort: 68, szUserName: 72, szPassword: 136, emSpecCap: 200, byReserved: 204, pCapParam: 208 });
  });
  it('NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY offsets (§4.2)', () => {
    expect(offsets(S.NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY)).toEqual({ dwSize: 0, stuDeviceInfo: 4, nError: 104, byReserved: 108 });
  });
  it('NET_DEVICEINFO_Ex offsets (§4.3)', () => {
    expect(offsets(S.NET_DEVICEINFO_Ex)).toMatchObject({ nChanNum: 64, byLimitLoginTime: 68, byLeftLogTimes: 69, nLockLeftTime: 72, Reserved: 76 });
  });
  it('NET_RECORDFILE_INFO offsets (§4.5)', () => {
    expect(offsets(S.NET_RECORDFILE_INFO)).toEqual({
      ch: 0, filename: 4, framenum: 128, size: 132, starttime: 136, endtime: 160, driveno: 184, startcluster: 188,
      nRecordFileType: 192, bImportantRecID: 193, bHint: 194, bRecType: 195,
    });
  });
  it('NET_PARAM offsets (§4.8)', () => {
    expect(offsets(S.NET_PARAM)).toMatchObject({ nSearchRecordTime: 28, byNetType: 36, bKeepLifeInterval: 39, nPicBufSize: 40, bReserved: 44 });
  });
  it('handles and user data are 64-bit (LLONG, LDWORD), HWND is a pointer', () => {
    expect(koffi.sizeof('LLONG')).toBe(8);
    expect(koffi.sizeof('LDWORD')).toBe(8);
    expect(koffi.sizeof('HWND')).toBe(8);
    expect(koffi.sizeof('LONG')).toBe(4);
  });
});
