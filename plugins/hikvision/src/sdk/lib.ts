/**
 * The HCNetSDK functions the plugin uses, declared once per loaded library with the header's prototypes
 * (vendor notes §2; ✓ = called through koffi against the real libhcnetsdk.so 6.1.9.55).
 *
 * THREADING RULE. `NET_DVR_GetLastError` is per thread in the real library (measured: a login made through koffi
 * `.async`, then GetLastError anywhere else, reads 0). So these functions are declared and called only on the
 * SDK's own worker thread (`hik-sdk-thread.ts`), synchronously, and a failure's code is read right after the call
 * on that thread. The event loop never waits on them: it awaits the worker's answer. Callbacks the SDK fires from
 * its threads are registered on the main thread and run there (koffi queues them to its event loop, which is free
 * while the worker blocks), so a Stop* that joins an SDK thread with a callback pending cannot deadlock.
 */
import koffi, { type LibraryHandle } from 'koffi';
import { hostStructs } from './structs.js';
import './types.js';
import './callbacks.js';

function declare(lib: LibraryHandle) {
  hostStructs(); // registers the struct names the prototypes use
  return {
    /** ✓ */ NET_DVR_Init: lib.func('BOOL NET_DVR_Init()'),
    /** ✓ returns FALSE + 3 when not initialised */ NET_DVR_Cleanup: lib.func('BOOL NET_DVR_Cleanup()'),
    /** ✓ before Init; enumType 2 SDK path (NET_DVR_LOCAL_SDK_PATH), 3 libcrypto path, 4 libssl path */
    NET_DVR_SetSDKInitCfg: lib.func('BOOL NET_DVR_SetSDKInitCfg(int enumType, void *lpInBuff)'),
    /** ✓ */ NET_DVR_SetConnectTime: lib.func('BOOL NET_DVR_SetConnectTime(DWORD dwWaitTime, DWORD dwTryTimes)'),
    /** ✓ */ NET_DVR_SetReconnect: lib.func('BOOL NET_DVR_SetReconnect(DWORD dwInterval, BOOL bEnableRecon)'),
    /** ✓ Linux names the first two parameters reserved1/reserved2; Windows nMessage/hWnd (a pointer) */
    NET_DVR_SetExceptionCallBack_V30: lib.func(
      'BOOL NET_DVR_SetExceptionCallBack_V30(uint32 nMessage, void *hWnd, fExceptionCallBack *fExceptionCallBack, void *pUser)',
    ),
    /** ✓ per thread: call it on the thread that made the failed call */
    NET_DVR_GetLastError: lib.func('DWORD NET_DVR_GetLastError()'),
    /** ✓ English text of the calling thread's last error; the out parameter may be NULL */
    NET_DVR_GetErrorMsg: lib.func('const char *NET_DVR_GetErrorMsg(_Out_ LONG *pErrorNo)'),
    /** ✓ high 16 bits major, low 16 bits minor */ NET_DVR_GetSDKVersion: lib.func('DWORD NET_DVR_GetSDKVersion()'),
    /** ✓ one byte each: 0x06010937 = 6.1.9.55 */ NET_DVR_GetSDKBuildVersion: lib.func('DWORD NET_DVR_GetSDKBuildVersion()'),
    /** ✓ synchronous login when bUseAsynLogin = 0 (blocks up to the connect timeout) */
    NET_DVR_Login_V40: lib.func(
      'LONG NET_DVR_Login_V40(NET_DVR_USER_LOGIN_INFO *pLoginInfo, _Out_ NET_DVR_DEVICEINFO_V40 *lpDeviceInfo)',
    ),
    NET_DVR_Logout: lib.func('BOOL NET_DVR_Logout(LONG lUserID)'),
    /** ✓ */ NET_DVR_RealPlay_V40: lib.func(
      'LONG NET_DVR_RealPlay_V40(LONG lUserID, NET_DVR_PREVIEWINFO *lpPreviewInfo, REALDATACALLBACK *fRealDataCallBack_V30, void *pUser)',
    ),
    NET_DVR_StopRealPlay: lib.func('BOOL NET_DVR_StopRealPlay(LONG lRealHandle)'),
    /** ✓ */ NET_DVR_PlayBackByTime_V40: lib.func('LONG NET_DVR_PlayBackByTime_V40(LONG lUserID, const NET_DVR_VOD_PARA *pVodPara)'),
    /** ✓ */ NET_DVR_PlayBackControl_V40: lib.func(
      'BOOL NET_DVR_PlayBackControl_V40(LONG lPlayHandle, DWORD dwControlCode, void *lpInBuffer, DWORD dwInLen, void *lpOutBuffer, DWORD *lpOutLen)',
    ),
    NET_DVR_StopPlayBack: lib.func('BOOL NET_DVR_StopPlayBack(LONG lPlayHandle)'),
    NET_DVR_SetPlayDataCallBack_V40: lib.func(
      'BOOL NET_DVR_SetPlayDataCallBack_V40(LONG lPlayHandle, fPlayDataCallBack_V40 *fPlayDataCallBack_V40, void *pUser)',
    ),
    /** ✓ */ NET_DVR_FindFile_V40: lib.func('LONG NET_DVR_FindFile_V40(LONG lUserID, NET_DVR_FILECOND_V40 *pFindCond)'),
    NET_DVR_FindNextFile_V40: lib.func('LONG NET_DVR_FindNextFile_V40(LONG lFindHandle, _Out_ NET_DVR_FINDDATA_V40 *lpFindData)'),
    NET_DVR_FindClose_V30: lib.func('BOOL NET_DVR_FindClose_V30(LONG lFindHandle)'),
    /** ✓ dwStop 0 = start moving, 1 = stop */ NET_DVR_PTZControlWithSpeed_Other: lib.func(
      'BOOL NET_DVR_PTZControlWithSpeed_Other(LONG lUserID, LONG lChannel, DWORD dwPTZCommand, DWORD dwStop, DWORD dwSpeed)',
    ),
  };
}

export type HcNetSdkLib = ReturnType<typeof declare>;

const loaded = new Map<string, HcNetSdkLib>();

/** Loads the library at `file` (absolute path) and declares its functions; the same path loads once. */
export function loadHcNetSdk(file: string): HcNetSdkLib {
  let lib = loaded.get(file);
  if (!lib) {
    lib = declare(koffi.load(file));
    loaded.set(file, lib);
  }
  return lib;
}

/** Data types of the live/playback data callbacks (§3.1). */
export const DataType = {
  SYSHEAD: 1,
  STREAMDATA: 2,
  AUDIOSTREAMDATA: 3,
  PLAYBACK_ALLFILEEND: 12,
  PLAYBACK_NEW_POS: 16,
} as const;

/** `NET_DVR_PlayBackControl_V40` codes (§3.2). */
export const PlayControl = {
  PLAYSTART: 1,
  PLAYGETPOS: 13,
  PLAYSETTIME: 26,
} as const;

/** `NET_DVR_SetSDKInitCfg` types (§3.4). */
export const InitCfg = {
  SDK_PATH: 2,
  LIBEAY_PATH: 3,
  SSLEAY_PATH: 4,
} as const;
