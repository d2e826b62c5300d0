/**
 * dhnetsdk loaded by path, every function declared once per loaded library with its prototype as in dhnetsdk.h
 * (docs/vendor/dahua-sdk.md §2). Nothing outside `src/sdk/` names a CLIENT_* function.
 *
 * THREADING RULE (koffi): the SDK calls our registered callbacks from its own threads; koffi queues each call
 * to the JS thread and blocks the SDK thread until it ran. A call that blocks on or joins an SDK thread —
 * CLIENT_Logout, CLIENT_Stop*, CLIENT_Cleanup, CLIENT_Login*, record queries/searches — must therefore go through
 * `.async`, or an SDK thread stuck in a queued callback and the JS thread waiting for it deadlock. Short calls
 * that only set state (SetRealDataCallBackEx2, PTZ, Seek, GetLastError) may be synchronous.
 */
import koffi from 'koffi';
import { promisify } from 'node:util';
import './structs.js';
import './callbacks.js';

/**
 * Prototypes, copied from the header's parameter lists (names kept; `_Inout_`/`_Out_` are koffi's direction
 * markers). None is verified against the real library yet (no Linux build could be obtained); all are exercised
 * against the ABI-compatible emulator in test/emulator/.
 */
const PROTOTYPES = {
  CLIENT_Init: 'BOOL CLIENT_Init(fDisConnect *cbDisConnect, LDWORD dwUser)',
  CLIENT_Cleanup: 'void CLIENT_Cleanup()',
  CLIENT_SetAutoReconnect: 'void CLIENT_SetAutoReconnect(fHaveReConnect *cbAutoConnect, LDWORD dwUser)',
  CLIENT_SetConnectTime: 'void CLIENT_SetConnectTime(int nWaitTime, int nTryTimes)',
  CLIENT_GetLastError: 'DWORD CLIENT_GetLastError()',
  CLIENT_GetSDKVersion: 'DWORD CLIENT_GetSDKVersion()',
  CLIENT_LoginWithHighLevelSecurity:
    'LLONG CLIENT_LoginWithHighLevelSecurity(_Inout_ NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY *pstInParam, _Inout_ NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY *pstOutParam)',
  CLIENT_Logout: 'BOOL CLIENT_Logout(LLONG lLoginID)',
  CLIENT_RealPlayEx: 'LLONG CLIENT_RealPlayEx(LLONG lLoginID, int nChannelID, HWND hWnd, DH_RealPlayType rType)',
  CLIENT_SetRealDataCallBackEx2: 'BOOL CLIENT_SetRealDataCallBackEx2(LLONG lRealHandle, fRealDataCallBackEx2 *cbRealData, LDWORD dwUser, DWORD dwFlag)',
  CLIENT_StopRealPlayEx: 'BOOL CLIENT_StopRealPlayEx(LLONG lRealHandle)',
  // The GBK header has an 11th parameter `BOOL bTime`; passing it (0) is harmless to the 10-parameter English one.
  CLIENT_QueryRecordFile:
    'BOOL CLIENT_QueryRecordFile(LLONG lLoginID, int nChannelId, int nRecordFileType, NET_TIME *tmStart, NET_TIME *tmEnd, char *pchCardid, _Out_ NET_RECORDFILE_INFO *nriFileinfo, int maxlen, _Out_ int *filecount, int waittime, BOOL bTime)',
  CLIENT_PlayBackByTimeEx:
    'LLONG CLIENT_PlayBackByTimeEx(LLONG lLoginID, int nChannelID, NET_TIME *lpStartTime, NET_TIME *lpStopTime, HWND hWnd, fDownLoadPosCallBack *cbDownLoadPos, LDWORD dwPosUser, fDataCallBack *fDownLoadDataCallBack, LDWORD dwDataUser)',
  CLIENT_SeekPlayBackByTime: 'BOOL CLIENT_SeekPlayBackByTime(LLONG lPlayHandle, NET_TIME *lpSeekTime)',
  CLIENT_StopPlayBack: 'BOOL CLIENT_StopPlayBack(LLONG lPlayHandle)',
  CLIENT_DHPTZControlEx2:
    'BOOL CLIENT_DHPTZControlEx2(LLONG lLoginID, int nChannelID, DWORD dwPTZCommand, LONG lParam1, LONG lParam2, LONG lParam3, BOOL dwStop, void *param4)',
} as const;

export type DhFunctionName = keyof typeof PROTOTYPES;
type AnyFn = (...args: any[]) => any;
/** A declared function: synchronous call plus the promisified `.async` form. */
export interface DhFunction {
  (...args: unknown[]): any;
  async: AnyFn;
}
export type DhLib = Record<DhFunctionName, DhFunction> & { readonly path: string };

const loaded = new Map<string, DhLib>();

/** Loads the library at `path` (once per path) and declares every function. Throws if a symbol is missing. */
export function loadDhLib(path: string): DhLib {
  const existing = loaded.get(path);
  if (existing) return existing;
  const lib = koffi.load(path);
  const out: Record<string, unknown> = { path };
  for (const [name, proto] of Object.entries(PROTOTYPES)) {
    const fn = lib.func(proto) as AnyFn & { async: AnyFn };
    const call = ((...args: unknown[]) => fn(...args)) as DhFunction;
    call.async = promisify(fn.async) as AnyFn;
    out[name] = call;
  }
  const dh = out as DhLib;
  loaded.set(path, dh);
  return dh;
}
