import { describe, expect, it } from 'vitest';
import koffi from 'koffi';
import { buildStructs, hostPlatform, hostStructs, type HikStructs, type Platform } from '../../src/sdk/structs.js';

// Sizes and offsets measured by compiling HCNetSDK.h 6.1.9.55 (vendor notes §4, [VERIFIED-COMPILE]).
type Expect = { size: number; align?: number; offsets: Record<string, number> };
const common: Record<string, Expect> = {
  NET_DVR_TIME: { size: 24, align: 4, offsets: { dwYear: 0, dwMonth: 4, dwDay: 8, dwHour: 12, dwMinute: 16, dwSecond: 20 } },
  NET_DVR_DEVICEINFO_V30: {
    size: 80, align: 2,
    offsets: { sSerialNumber: 0, byChanNum: 52, byStartChan: 53, byIPChanNum: 55, wDevType: 62, byStartDChan: 66, byHighDChanNum: 68, wStartMirrorChanNo: 76, byRes2: 79 },
  },
  NET_DVR_DEVICEINFO_V40: {
    size: 344, align: 4,
    offsets: { struDeviceV30: 0, bySupportLock: 80, byRetryLoginTime: 81, byPasswordLevel: 82, dwSurplusLockTime: 84, byCharEncodeType: 88, dwOEMCode: 92, iResidualValidity: 96, byTLSCap: 106, byRes2: 107 },
  },
  NET_DVR_USER_LOGIN_INFO: {
    size: 416, align: 8,
    offsets: { sDeviceAddress: 0, byUseTransport: 129, wPort: 130, sUserName: 132, sPassword: 196, cbLoginResult: 264, pUser: 272, bUseAsynLogin: 280, byProxyType: 284, byHttps: 287, iProxyID: 288, byVerifyMode: 292, byRes3: 293 },
  },
  NET_DVR_STREAM_INFO: { size: 72, align: 4, offsets: { dwSize: 0, byID: 4, dwChannel: 36, byRes: 40 } },
  NET_DVR_FILECOND_V40: {
    size: 160, align: 4,
    offsets: { lChannel: 0, dwFileType: 4, dwIsLocked: 8, dwUseCardNo: 12, sCardNumber: 16, struStartTime: 48, struStopTime: 72, byDrawFrame: 96, byFindType: 97, dwVolumeNum: 100, byWorkingDeviceGUID: 104, uSpecialFindInfo: 120, byStreamType: 128, byAudioFile: 129, byRes2: 130 },
  },
  NET_DVR_FINDDATA_V40: {
    size: 320, align: 4,
    offsets: { sFileName: 0, struStartTime: 100, struStopTime: 124, dwFileSize: 148, sCardNum: 152, byLocked: 184, byFileType: 185, dwFileIndex: 188, byStreamType: 192, byRes1: 193 },
  },
  NET_DVR_LOCAL_SDK_PATH: { size: 384, align: 1, offsets: { sPath: 0, byRes: 256 } },
};
// Where HWND moves things (§4.4, §4.7).
const perPlatform: Record<Platform, Record<string, Expect>> = {
  'linux-x64': {
    NET_DVR_PREVIEWINFO: {
      size: 280, align: 4,
      offsets: { lChannel: 0, dwStreamType: 4, dwLinkMode: 8, hPlayWnd: 12, bBlocked: 16, bPassbackRecord: 20, byPreviewMode: 24, byStreamID: 25, byProtoType: 57, byVideoCodingType: 59, dwDisplayBufNum: 60, byNPQMode: 64, byDataType: 66, byRes: 67 },
    },
    NET_DVR_VOD_PARA: {
      size: 160, align: 4,
      offsets: { dwSize: 0, struIDInfo: 4, struBeginTime: 76, struEndTime: 100, hWnd: 124, byDrawFrame: 128, byStreamType: 131, dwFileIndex: 132, byDownload: 138, byUseAsyn: 140, byRes2: 141 },
    },
  },
  'win32-x64': {
    NET_DVR_PREVIEWINFO: {
      size: 288, align: 8,
      offsets: { lChannel: 0, dwStreamType: 4, dwLinkMode: 8, hPlayWnd: 16, bBlocked: 24, bPassbackRecord: 28, byPreviewMode: 32, byStreamID: 33, byProtoType: 65, byVideoCodingType: 67, dwDisplayBufNum: 68, byNPQMode: 72, byDataType: 74, byRes: 75 },
    },
    NET_DVR_VOD_PARA: {
      size: 168, align: 8,
      offsets: { dwSize: 0, struIDInfo: 4, struBeginTime: 76, struEndTime: 100, hWnd: 128, byDrawFrame: 136, byStreamType: 139, dwFileIndex: 140, byDownload: 146, byUseAsyn: 148, byRes2: 149 },
    },
  },
};

function check(structs: HikStructs, platform: Platform): void {
  const all = { ...common, ...perPlatform[platform] };
  for (const [name, exp] of Object.entries(all)) {
    const t = structs[name as keyof Omit<HikStructs, 'platform'>];
    expect(koffi.sizeof(t), `${platform} sizeof ${name}`).toBe(exp.size);
    if (exp.align !== undefined) expect(koffi.alignof(t), `${platform} alignof ${name}`).toBe(exp.align);
    for (const [field, off] of Object.entries(exp.offsets)) expect(koffi.offsetof(t, field), `${platform} ${name}.${field}`).toBe(off);
  }
  // every struct of the set is covered by the table
  expect(Object.keys(structs).filter((k) => k !== 'platform').sort()).toEqual(Object.keys(all).sort());
}

describe('HCNetSDK struct layouts (vendor notes §4)', () => {
  it(`match the measured sizes and offsets on this platform (${hostPlatform})`, () => {
    check(hostStructs(), hostPlatform);
  });
  it('match the measured Windows x64 layout (HWND is a pointer there)', () => {
    check(buildStructs('win32-x64', '_TEST_WIN64'), 'win32-x64');
  });
  it('match the measured Linux x86-64 layout (HWND is a 4-byte unsigned int there)', () => {
    check(buildStructs('linux-x64', '_TEST_LINUX'), 'linux-x64');
  });
});
