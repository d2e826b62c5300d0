/** dhnetsdk.h callback prototypes (docs/vendor/dahua-sdk.md §2.1). Register with koffi.register(fn, koffi.pointer(T)). */
import koffi from 'koffi';
import './structs.js';

/** Connection to a device lost (from an SDK thread). */
export const fDisConnect = koffi.proto('void fDisConnect(LLONG lLoginID, char *pchDVRIP, LONG nDVRPort, LDWORD dwUser)');
/** Auto-reconnect succeeded (from an SDK thread). */
export const fHaveReConnect = koffi.proto('void fHaveReConnect(LLONG lLoginID, char *pchDVRIP, LONG nDVRPort, LDWORD dwUser)');
/** Live data; `param` is 64-bit here (LLONG), dwDataType 0 = raw DHAV with flag 0x01. */
export const fRealDataCallBackEx2 = koffi.proto(
  'void fRealDataCallBackEx2(LLONG lRealHandle, DWORD dwDataType, BYTE *pBuffer, DWORD dwBufSize, LLONG param, LDWORD dwUser)',
);
/** Playback data; returns int (flow control: 1 = accepted). dwDataType 0 = original stream. */
export const fDataCallBack = koffi.proto('int fDataCallBack(LLONG lRealHandle, DWORD dwDataType, BYTE *pBuffer, DWORD dwBufSize, LDWORD dwUser)');
/** Playback progress; dwDownLoadSize −1 marks the end of the range. */
export const fDownLoadPosCallBack = koffi.proto('void fDownLoadPosCallBack(LLONG lPlayHandle, DWORD dwTotalSize, int dwDownLoadSize, LDWORD dwUser)');
