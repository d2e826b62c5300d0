/**
 * dhnetsdk.h types and structs used by the plugin, in header order, natural alignment (the header has no
 * #pragma pack for them). Sizes/offsets verified against docs/vendor/dahua-sdk.md §4 by test/sdk/structs.test.ts.
 * Linux x86-64 and Windows x64 layouts are identical for all of these.
 */
import koffi from 'koffi';
import { typedef } from '@nvr-pusher/core/ffi';

// §1 Types. LLONG/LDWORD are 64-bit on both targets (Linux `long`, Windows `__int64`).
export const BOOL = typedef('BOOL', 'int');
export const LLONG = typedef('LLONG', 'int64_t');
export const LDWORD = typedef('LDWORD', 'int64_t');
export const LONG = typedef('LONG', 'int32_t');
export const DWORD = typedef('DWORD', 'uint32_t');
export const BYTE = typedef('BYTE', 'uint8_t');
export const WORD = typedef('WORD', 'uint16_t');
/** A pointer on Linux too (unlike Hikvision's HWND). Always NULL here: no rendering. */
export const HWND = typedef('HWND', 'void *');
/** Enum DH_RealPlayType (§3.1): 0 main stream, 3 sub stream 1. */
export const DH_RealPlayType = typedef('DH_RealPlayType', 'int');

/** Broken-down local time, no zone (24 bytes). */
export const NET_TIME = koffi.struct('NET_TIME', {
  dwYear: 'DWORD', // year
  dwMonth: 'DWORD', // month 1–12
  dwDay: 'DWORD', // day 1–31
  dwHour: 'DWORD', // hour 0–23
  dwMinute: 'DWORD', // minute
  dwSecond: 'DWORD', // second
});

/** Device information filled in by login (100 bytes). */
export const NET_DEVICEINFO_Ex = koffi.struct('NET_DEVICEINFO_Ex', {
  sSerialNumber: koffi.array('BYTE', 48), // serial number
  nAlarmInPortNum: 'int', // number of alarm inputs
  nAlarmOutPortNum: 'int', // number of alarm outputs
  nDiskNum: 'int', // number of disks
  nDVRType: 'int', // device type (NET_DEVICE_TYPE)
  nChanNum: 'int', // number of channels
  byLimitLoginTime: 'BYTE', // online timeout (minutes), 0 = no limit
  byLeftLogTimes: 'BYTE', // login attempts left after a wrong password; 0 = not provided
  bReserved: koffi.array('BYTE', 2), // alignment
  nLockLeftTime: 'int', // seconds until the account is unlocked, −1 = not set
  Reserved: koffi.array('char', 24), // reserved
});

/** Input of CLIENT_LoginWithHighLevelSecurity (216 bytes); dwSize = sizeof. */
export const NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY = koffi.struct('NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY', {
  dwSize: 'DWORD', // structure size
  szIP: koffi.array('char', 64), // device IP
  nPort: 'int', // device port (37777)
  szUserName: koffi.array('char', 64), // user name
  szPassword: koffi.array('char', 64), // password
  emSpecCap: 'int', // EM_LOGIN_SPAC_CAP_TYPE, 0 = TCP
  byReserved: koffi.array('BYTE', 4), // reserved
  pCapParam: 'void *', // capability parameter (NULL for TCP)
});

/** Output of CLIENT_LoginWithHighLevelSecurity (240 bytes); dwSize = sizeof. */
export const NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY = koffi.struct('NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY', {
  dwSize: 'DWORD', // structure size
  stuDeviceInfo: 'NET_DEVICEINFO_Ex', // device information
  nError: 'int', // login error (§5.2 of the notes)
  byReserved: koffi.array('BYTE', 132), // reserved
});

/** One recording (196 bytes). `size` is in KB. */
export const NET_RECORDFILE_INFO = koffi.struct('NET_RECORDFILE_INFO', {
  ch: 'uint32_t', // channel (0-based)
  filename: koffi.array('char', 124), // file name
  framenum: 'uint32_t', // number of frames
  size: 'uint32_t', // file length, KB
  starttime: 'NET_TIME', // start time
  endtime: 'NET_TIME', // end time
  driveno: 'uint32_t', // disk number (0–127 local, 64 optical, 128 network)
  startcluster: 'uint32_t', // start cluster
  nRecordFileType: 'BYTE', // 0 normal, 1 alarm, 2 motion, 3 card, 4 picture, 5 smart, …
  bImportantRecID: 'BYTE', // important recording flag
  bHint: 'BYTE', // file location index
  bRecType: 'BYTE', // 0 main stream, 1 sub 1, 2 sub 2, 3 sub 3
});

/** Network parameters for CLIENT_SetNetworkParam (48 bytes). */
export const NET_PARAM = koffi.struct('NET_PARAM', {
  nWaittime: 'int', // wait timeout, ms (0 → 5000)
  nConnectTime: 'int', // connect timeout, ms (0 → 1500)
  nConnectTryNum: 'int', // connect attempts (0 → 1)
  nSubConnectSpaceTime: 'int', // wait between sub-connections, ms
  nGetDevInfoTime: 'int', // device info timeout, ms
  nConnectBufSize: 'int', // per-connection receive buffer
  nGetConnInfoTime: 'int', // connection info timeout, ms
  nSearchRecordTime: 'int', // record search timeout, ms (default 3000)
  nsubDisconnetTime: 'int', // sub-connection disconnect detection, ms
  byNetType: 'BYTE', // 0 LAN, 1 WAN
  byPlaybackBufSize: 'BYTE', // playback buffer, MB
  bDetectDisconnTime: 'BYTE', // heartbeat disconnect detection, s
  bKeepLifeInterval: 'BYTE', // heartbeat interval, s
  nPicBufSize: 'int', // picture receive buffer
  bReserved: koffi.array('BYTE', 4), // reserved
});

export type NetTime = { dwYear: number; dwMonth: number; dwDay: number; dwHour: number; dwMinute: number; dwSecond: number };
