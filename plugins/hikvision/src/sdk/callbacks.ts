/**
 * HCNetSDK callback types (vendor notes §2.1). `CALLBACK` is empty on Linux and `__stdcall` on Windows; x64
 * ignores stdcall, so one declaration serves both. Registered with `koffi.register(fn, koffi.pointer(proto))`.
 */
import koffi from 'koffi';
import './types.js';

/** Exception callback: `dwType` (§6.2), the user id and the stream handle it concerns. */
export const fExceptionCallBack = koffi.proto('void fExceptionCallBack(DWORD dwType, LONG lUserID, LONG lHandle, void *pUser)');

/** Live data (`NET_DVR_RealPlay_V40`): `pBuffer` is valid only during the call. */
export const REALDATACALLBACK = koffi.proto(
  'void REALDATACALLBACK(LONG lRealHandle, DWORD dwDataType, BYTE *pBuffer, DWORD dwBufSize, void *pUser)',
);

/** Playback data (`NET_DVR_SetPlayDataCallBack_V40`): same shape as the live one. */
export const fPlayDataCallBack_V40 = koffi.proto(
  'void fPlayDataCallBack_V40(LONG lPlayHandle, DWORD dwDataType, BYTE *pBuffer, DWORD dwBufSize, void *pUser)',
);
