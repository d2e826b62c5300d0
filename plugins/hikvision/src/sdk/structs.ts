/**
 * HCNetSDK structs (HCNetSDK.h 6.1.9.55, see `docs/vendor/hikvision-sdk.md` §4), in header order, natural
 * alignment (the header has no `#pragma pack`). Only HWND differs between the platforms: `unsigned int` on
 * Linux, a pointer on Windows x64, which moves NET_DVR_PREVIEWINFO (280 / 288) and NET_DVR_VOD_PARA (160 / 168).
 *
 * koffi type names are process-global, so the layout of the platform we run on is registered under the header
 * names (prototype strings in `lib.ts` refer to them) and the other platform's layout, built only by tests,
 * gets a suffix.
 */
import koffi, { type TypeObject } from 'koffi';

export type Platform = 'linux-x64' | 'win32-x64';

export const hostPlatform: Platform = process.platform === 'win32' ? 'win32-x64' : 'linux-x64';

/** One complete set of struct types for one platform. */
export interface HikStructs {
  readonly platform: Platform;
  readonly NET_DVR_TIME: TypeObject;
  readonly NET_DVR_DEVICEINFO_V30: TypeObject;
  readonly NET_DVR_DEVICEINFO_V40: TypeObject;
  readonly NET_DVR_USER_LOGIN_INFO: TypeObject;
  readonly NET_DVR_PREVIEWINFO: TypeObject;
  readonly NET_DVR_STREAM_INFO: TypeObject;
  readonly NET_DVR_VOD_PARA: TypeObject;
  readonly NET_DVR_FILECOND_V40: TypeObject;
  readonly NET_DVR_FINDDATA_V40: TypeObject;
  readonly NET_DVR_LOCAL_SDK_PATH: TypeObject;
}

/** Builds the structs for `platform`; `suffix` is appended to every koffi type name. */
export function buildStructs(platform: Platform, suffix = ''): HikStructs {
  const n = (name: string): string => name + suffix;
  // Linux: typedef unsigned int HWND; Windows: a pointer (8 bytes on x64).
  const HWND = platform === 'linux-x64' ? 'uint32' : 'void *';

  const NET_DVR_TIME = koffi.struct(n('NET_DVR_TIME'), {
    dwYear: 'uint32', // year
    dwMonth: 'uint32', // month 1-12
    dwDay: 'uint32', // day 1-31
    dwHour: 'uint32', // hour
    dwMinute: 'uint32', // minute
    dwSecond: 'uint32', // second
  });

  const NET_DVR_DEVICEINFO_V30 = koffi.struct(n('NET_DVR_DEVICEINFO_V30'), {
    sSerialNumber: koffi.array('uint8', 48), // serial number (string)
    byAlarmInPortNum: 'uint8', // alarm inputs
    byAlarmOutPortNum: 'uint8', // alarm outputs
    byDiskNum: 'uint8', // disks
    byDVRType: 'uint8', // device type (1 DVR, 2 ATM DVR, 3 DVS ...)
    byChanNum: 'uint8', // number of analog channels
    byStartChan: 'uint8', // first analog channel number
    byAudioChanNum: 'uint8', // audio channels
    byIPChanNum: 'uint8', // max IP channels, low 8 bits
    byZeroChanNum: 'uint8', // zero-channel encoders
    byMainProto: 'uint8', // main stream protocol: 0 private, 1 rtsp, 2 both
    bySubProto: 'uint8', // sub stream protocol
    bySupport: 'uint8', // capability bits
    bySupport1: 'uint8', // capability bits
    bySupport2: 'uint8', // capability bits
    wDevType: 'uint16', // device model
    bySupport3: 'uint8', // capability bits
    byMultiStreamProto: 'uint8', // multi-stream support bits
    byStartDChan: 'uint8', // first digital (IP) channel number, 0 = none
    byStartDTalkChan: 'uint8', // first digital talk channel
    byHighDChanNum: 'uint8', // IP channel count, high 8 bits
    bySupport4: 'uint8', // capability bits
    byLanguageType: 'uint8', // language bits
    byVoiceInChanNum: 'uint8', // audio input channels
    byStartVoiceInChanNo: 'uint8', // first audio input channel
    bySupport5: 'uint8', // capability bits
    bySupport6: 'uint8', // capability bits
    byMirrorChanNum: 'uint8', // mirror channels
    wStartMirrorChanNo: 'uint16', // first mirror channel
    bySupport7: 'uint8', // capability bits
    byRes2: 'uint8', // reserved
  });

  const NET_DVR_DEVICEINFO_V40 = koffi.struct(n('NET_DVR_DEVICEINFO_V40'), {
    struDeviceV30: NET_DVR_DEVICEINFO_V30, // the V30 device info
    bySupportLock: 'uint8', // 1 = device supports locking after wrong passwords
    byRetryLoginTime: 'uint8', // attempts left after a wrong password
    byPasswordLevel: 'uint8', // 1 default password, 2 valid, 3 risky ...
    byProxyType: 'uint8', // proxy type
    dwSurplusLockTime: 'uint32', // seconds left while locked
    byCharEncodeType: 'uint8', // string encoding: 6 = UTF-8 ...
    bySupportDev5: 'uint8', // capability bits
    bySupport: 'uint8', // capability bits
    byLoginMode: 'uint8', // login mode used
    dwOEMCode: 'uint32', // OEM code
    iResidualValidity: 'int32', // days of password validity, negative = expired
    byResidualValidity: 'uint8', // whether iResidualValidity is valid
    bySingleStartDTalkChan: 'uint8', // first independent talk channel
    bySingleDTalkChanNums: 'uint8', // independent talk channels
    byPassWordResetLevel: 'uint8', // password reset hint
    bySupportStreamEncrypt: 'uint8', // stream encryption support bits
    byMarketType: 'uint8', // market type
    byTLSCap: 'uint8', // TLS capability bits
    byRes2: koffi.array('uint8', 237), // reserved
  });

  const NET_DVR_USER_LOGIN_INFO = koffi.struct(n('NET_DVR_USER_LOGIN_INFO'), {
    sDeviceAddress: koffi.array('char', 129, 'String'), // IP or domain, NUL-terminated
    byUseTransport: 'uint8', // 0 default, 1 capability pass-through
    wPort: 'uint16', // device SDK port (8000)
    sUserName: koffi.array('char', 64, 'String'), // user name
    sPassword: koffi.array('char', 64, 'String'), // password
    cbLoginResult: 'void *', // async login callback (NULL for synchronous login)
    pUser: 'void *', // user data of the async callback
    bUseAsynLogin: 'int32', // BOOL: 0 = synchronous
    byProxyType: 'uint8', // 0 none, 1 standard proxy, 2 EHome proxy
    byUseUTCTime: 'uint8', // 0 no conversion, 1 UTC, 2 platform local time
    byLoginMode: 'uint8', // 0 private (port 8000), 1 ISAPI, 2 adaptive
    byHttps: 'uint8', // 0 no TLS, 1 TLS, 2 adaptive
    iProxyID: 'int32', // LONG proxy id
    byVerifyMode: 'uint8', // 0 none, 1 mutual, 2 one-way (TLS only)
    byRes3: koffi.array('uint8', 119), // reserved, zero
  });

  const NET_DVR_PREVIEWINFO = koffi.struct(n('NET_DVR_PREVIEWINFO'), {
    lChannel: 'int32', // channel number; 0xffffffff = use byStreamID
    dwStreamType: 'uint32', // 0 main, 1 sub, 2 third ...
    dwLinkMode: 'uint32', // 0 TCP, 1 UDP, 2 multicast, 3 RTP, 4 RTP/RTSP, 5 RTSP/HTTP, 6 HRUDP, 7 RTSP/HTTPS
    hPlayWnd: HWND, // window; 0 = no decoding/display
    bBlocked: 'int32', // BOOL: 0 non-blocking, 1 blocking
    bPassbackRecord: 'int32', // BOOL: passback record
    byPreviewMode: 'uint8', // 0 normal, 1 delayed
    byStreamID: koffi.array('uint8', 32), // stream ID
    byProtoType: 'uint8', // 0 private, 1 RTSP, 2 SRTP
    byRes1: 'uint8', // reserved
    byVideoCodingType: 'uint8', // 0 normal, 1 raw thermal data
    dwDisplayBufNum: 'uint32', // display buffer frames
    byNPQMode: 'uint8', // NPQ mode
    byRecvMetaData: 'uint8', // receive metadata
    byDataType: 'uint8', // 0 stream data, 1 audio data
    byRes: koffi.array('uint8', 213), // reserved
  });

  const NET_DVR_STREAM_INFO = koffi.struct(n('NET_DVR_STREAM_INFO'), {
    dwSize: 'uint32', // sizeof = 72
    byID: koffi.array('uint8', 32), // stream ID
    dwChannel: 'uint32', // channel; 0xffffffff = not tied to a channel
    byRes: koffi.array('uint8', 32), // reserved
  });

  const NET_DVR_VOD_PARA = koffi.struct(n('NET_DVR_VOD_PARA'), {
    dwSize: 'uint32', // sizeof (160 Linux / 168 Win64)
    struIDInfo: NET_DVR_STREAM_INFO, // stream/channel
    struBeginTime: NET_DVR_TIME, // start time
    struEndTime: NET_DVR_TIME, // end time
    hWnd: HWND, // window; 0 = no display
    byDrawFrame: 'uint8', // 0 no frame skipping
    byVolumeType: 'uint8', // 0 normal volume, 1 archive
    byVolumeNum: 'uint8', // volume number
    byStreamType: 'uint8', // 0 main, 1 sub, 2 third, 3 time-lapse
    dwFileIndex: 'uint32', // archive file index
    byAudioFile: 'uint8', // audio file
    byCourseFile: 'uint8', // course file
    byDownload: 'uint8', // 0 playback, 1 download
    byOptimalStreamType: 'uint8', // optimal stream type
    byUseAsyn: 'uint8', // 0 sync IO, 1 async IO
    byRes2: koffi.array('uint8', 19), // reserved
  });

  const NET_DVR_FILECOND_V40 = koffi.struct(n('NET_DVR_FILECOND_V40'), {
    lChannel: 'int32', // channel number
    dwFileType: 'uint32', // 0xff all, 0 timed, 1 motion, 2 alarm ...
    dwIsLocked: 'uint32', // 0xff all
    dwUseCardNo: 'uint32', // 0 no ATM info
    sCardNumber: koffi.array('uint8', 32), // card number
    struStartTime: NET_DVR_TIME, // search start
    struStopTime: NET_DVR_TIME, // search stop
    byDrawFrame: 'uint8', // 0 no frame skipping
    byFindType: 'uint8', // 0 normal volume, 1 archive
    byQuickSearch: 'uint8', // 0 normal, 1 calendar
    bySpecialFindInfoType: 'uint8', // 0 none, 1 ATM
    dwVolumeNum: 'uint32', // volume number
    byWorkingDeviceGUID: koffi.array('uint8', 16), // working device GUID
    uSpecialFindInfo: koffi.array('uint32', 2), // 8-byte union (BYTE[8] | {BYTE; BYTE[3]; DWORD}), align 4
    byStreamType: 'uint8', // 0 one type per period main>sub>third, 1 sub, 2 third, 3 main, 254 dual
    byAudioFile: 'uint8', // audio file
    byRes2: koffi.array('uint8', 30), // reserved
  });

  const NET_DVR_FINDDATA_V40 = koffi.struct(n('NET_DVR_FINDDATA_V40'), {
    sFileName: koffi.array('char', 100, 'String'), // file name
    struStartTime: NET_DVR_TIME, // file start
    struStopTime: NET_DVR_TIME, // file stop
    dwFileSize: 'uint32', // file size in bytes
    sCardNum: koffi.array('char', 32, 'String'), // card number
    byLocked: 'uint8', // 1 locked
    byFileType: 'uint8', // file type
    byQuickSearch: 'uint8', // result of a quick search
    byRes: 'uint8', // reserved
    dwFileIndex: 'uint32', // file index
    byStreamType: 'uint8', // stream type
    byRes1: koffi.array('uint8', 127), // reserved
  });

  const NET_DVR_LOCAL_SDK_PATH = koffi.struct(n('NET_DVR_LOCAL_SDK_PATH'), {
    sPath: koffi.array('char', 256, 'String'), // directory holding HCNetSDKCom/
    byRes: koffi.array('uint8', 128), // reserved
  });

  return {
    platform, NET_DVR_TIME, NET_DVR_DEVICEINFO_V30, NET_DVR_DEVICEINFO_V40, NET_DVR_USER_LOGIN_INFO,
    NET_DVR_PREVIEWINFO, NET_DVR_STREAM_INFO, NET_DVR_VOD_PARA, NET_DVR_FILECOND_V40, NET_DVR_FINDDATA_V40,
    NET_DVR_LOCAL_SDK_PATH,
  };
}

let host: HikStructs | undefined;

/** The host platform's structs, registered under the header names (built once per process). */
export function hostStructs(): HikStructs {
  host ??= buildStructs(hostPlatform);
  return host;
}
