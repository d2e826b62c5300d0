/* HCNetSDK emulator: a TEST FIXTURE that exports the NET_DVR_* functions the plugin uses with the real struct
 * ABI (Linux x86-64, vendor notes §4), scripted by a config file (EMU_LoadConfig). Never shipped. */
#ifndef EMU_H
#define EMU_H
#include <pthread.h>
#include <stdint.h>
#include <stddef.h>

typedef int BOOL;
typedef unsigned int DWORD;
typedef int LONG;
typedef unsigned short WORD;
typedef unsigned char BYTE;
typedef unsigned int HWND; /* Linux: unsigned int (4 bytes) */

typedef struct { DWORD dwYear, dwMonth, dwDay, dwHour, dwMinute, dwSecond; } NET_DVR_TIME;

typedef struct {
  BYTE sSerialNumber[48];
  BYTE byAlarmInPortNum, byAlarmOutPortNum, byDiskNum, byDVRType, byChanNum, byStartChan, byAudioChanNum, byIPChanNum;
  BYTE byZeroChanNum, byMainProto, bySubProto, bySupport, bySupport1, bySupport2;
  WORD wDevType;
  BYTE bySupport3, byMultiStreamProto, byStartDChan, byStartDTalkChan, byHighDChanNum, bySupport4, byLanguageType;
  BYTE byVoiceInChanNum, byStartVoiceInChanNo, bySupport5, bySupport6, byMirrorChanNum;
  WORD wStartMirrorChanNo;
  BYTE bySupport7, byRes2;
} NET_DVR_DEVICEINFO_V30;

typedef struct {
  NET_DVR_DEVICEINFO_V30 struDeviceV30;
  BYTE bySupportLock, byRetryLoginTime, byPasswordLevel, byProxyType;
  DWORD dwSurplusLockTime;
  BYTE byCharEncodeType, bySupportDev5, bySupport, byLoginMode;
  DWORD dwOEMCode;
  int iResidualValidity;
  BYTE byResidualValidity, bySingleStartDTalkChan, bySingleDTalkChanNums, byPassWordResetLevel, bySupportStreamEncrypt;
  BYTE byMarketType, byTLSCap, byRes2[237];
} NET_DVR_DEVICEINFO_V40;

typedef struct {
  char sDeviceAddress[129];
  BYTE byUseTransport;
  WORD wPort;
  char sUserName[64];
  char sPassword[64];
  void *cbLoginResult;
  void *pUser;
  BOOL bUseAsynLogin;
  BYTE byProxyType, byUseUTCTime, byLoginMode, byHttps;
  LONG iProxyID;
  BYTE byVerifyMode, byRes3[119];
} NET_DVR_USER_LOGIN_INFO;

typedef struct {
  LONG lChannel;
  DWORD dwStreamType, dwLinkMode;
  HWND hPlayWnd;
  BOOL bBlocked, bPassbackRecord;
  BYTE byPreviewMode, byStreamID[32], byProtoType, byRes1, byVideoCodingType;
  DWORD dwDisplayBufNum;
  BYTE byNPQMode, byRecvMetaData, byDataType, byRes[213];
} NET_DVR_PREVIEWINFO;

typedef struct { DWORD dwSize; BYTE byID[32]; DWORD dwChannel; BYTE byRes[32]; } NET_DVR_STREAM_INFO;

typedef struct {
  DWORD dwSize;
  NET_DVR_STREAM_INFO struIDInfo;
  NET_DVR_TIME struBeginTime, struEndTime;
  HWND hWnd;
  BYTE byDrawFrame, byVolumeType, byVolumeNum, byStreamType;
  DWORD dwFileIndex;
  BYTE byAudioFile, byCourseFile, byDownload, byOptimalStreamType, byUseAsyn, byRes2[19];
} NET_DVR_VOD_PARA;

typedef struct {
  LONG lChannel;
  DWORD dwFileType, dwIsLocked, dwUseCardNo;
  BYTE sCardNumber[32];
  NET_DVR_TIME struStartTime, struStopTime;
  BYTE byDrawFrame, byFindType, byQuickSearch, bySpecialFindInfoType;
  DWORD dwVolumeNum;
  BYTE byWorkingDeviceGUID[16];
  union { BYTE byLenth[8]; struct { BYTE byType; BYTE byRes[3]; DWORD dwAmount; } s; } uSpecialFindInfo;
  BYTE byStreamType, byAudioFile, byRes2[30];
} NET_DVR_FILECOND_V40;

typedef struct {
  char sFileName[100];
  NET_DVR_TIME struStartTime, struStopTime;
  DWORD dwFileSize;
  char sCardNum[32];
  BYTE byLocked, byFileType, byQuickSearch, byRes;
  DWORD dwFileIndex;
  BYTE byStreamType, byRes1[127];
} NET_DVR_FINDDATA_V40;

_Static_assert(sizeof(NET_DVR_DEVICEINFO_V30) == 80, "DEVICEINFO_V30");
_Static_assert(sizeof(NET_DVR_DEVICEINFO_V40) == 344, "DEVICEINFO_V40");
_Static_assert(sizeof(NET_DVR_USER_LOGIN_INFO) == 416, "USER_LOGIN_INFO");
_Static_assert(sizeof(NET_DVR_PREVIEWINFO) == 280, "PREVIEWINFO");
_Static_assert(offsetof(NET_DVR_PREVIEWINFO, hPlayWnd) == 12, "PREVIEWINFO.hPlayWnd");
_Static_assert(sizeof(NET_DVR_VOD_PARA) == 160, "VOD_PARA");
_Static_assert(offsetof(NET_DVR_VOD_PARA, hWnd) == 124, "VOD_PARA.hWnd");
_Static_assert(sizeof(NET_DVR_FILECOND_V40) == 160, "FILECOND_V40");
_Static_assert(offsetof(NET_DVR_FILECOND_V40, uSpecialFindInfo) == 120, "FILECOND_V40.union");
_Static_assert(sizeof(NET_DVR_FINDDATA_V40) == 320, "FINDDATA_V40");

typedef void (*fExceptionCallBack)(DWORD dwType, LONG lUserID, LONG lHandle, void *pUser);
typedef void (*DataCallBack)(LONG lHandle, DWORD dwDataType, BYTE *pBuffer, DWORD dwBufSize, void *pUser);

/* ---- media: a file of IMKH header + MPEG-PS, indexed by pack ---- */
typedef struct { size_t off, len; int64_t scr; int key; } emu_pack;
typedef struct {
  char path[512];
  uint8_t *data; size_t size;
  uint8_t head[40]; int has_head;
  emu_pack *packs; int npacks;
  int64_t first_scr, duration90; /* duration includes one frame interval */
} emu_media;

emu_media *emu_media_get(const char *path); /* cached; NULL if unreadable */
/* Copies pack `i` into `out` with SCR and every PES PTS/DTS shifted by `delta90`; returns its length. */
size_t emu_media_rewrite(const emu_media *m, int i, int64_t delta90, uint8_t *out);
/* Index of the last key pack whose offset from the file start (90 kHz) is <= at90, or the first key pack. */
int emu_media_key_at(const emu_media *m, int64_t at90);

/* ---- scripted world ---- */
#ifndef EMU_MAX /* sessions, logins, users, channels per device; the bench builds with -DEMU_MAX=1024 */
#define EMU_MAX 64
#endif
typedef struct { char name[64], password[64]; int failures; int64_t locked_until_ms; } emu_user;
typedef struct {
  int no; char media[512]; int ptz;
  int live_error, playback_error, seek_error, ptz_error;
  int paused; /* fault: data stops without an exception */
} emu_channel;
typedef struct { int channel; int64_t start, stop; /* epoch seconds (wall clock as UTC) */ char file[512]; char name[100]; DWORD size; } emu_record;
typedef struct {
  char addr[129]; int port; int lock_after, lock_seconds;
  int start_chan, chan_num, start_dchan, ip_chan_num; char serial[48];
  emu_user users[EMU_MAX]; int nusers;
  emu_channel channels[EMU_MAX]; int nchannels;
  int dropped;
} emu_device;

typedef struct {
  emu_device devices[8]; int ndevices;
  emu_record records[1024]; int nrecords;
  int search_busy_first, search_busy_every, chunk_max;
  char ptz_log[512];
} emu_world;

/* ---- sessions (live and playback) ---- */
typedef struct emu_session {
  int used, kind; /* 1 live, 2 playback */
  LONG handle, user; int channel; emu_device *dev;
  DataCallBack cb; void *puser;
  pthread_t thread; int thread_started;
  pthread_mutex_t mu; pthread_cond_t cv;
  int stop, started, ended, resume_pending, seek_pending; int64_t seek_to; /* epoch s */
  int64_t begin, end; /* playback range, epoch s */
  int pos; /* playback position percent, 200 = network error */
} emu_session;

typedef struct { int used; LONG user; int channel; int64_t start, stop; int idx, busy_left, busied_at; int order[1024]; int count; } emu_search;
typedef struct { int used; emu_device *dev; char name[64]; } emu_login;

extern emu_world g_world;
extern pthread_mutex_t g_lock;
extern int g_inited;
extern fExceptionCallBack g_exc_cb;
extern void *g_exc_user;
extern emu_login g_logins[EMU_MAX];
extern emu_session g_live[EMU_MAX], g_play[EMU_MAX];
extern emu_search g_search[EMU_MAX];

void emu_set_error(DWORD code);
DWORD emu_network_login(const char *addr, int port, int wait_ms);
int64_t emu_now_ms(void);          /* CLOCK_MONOTONIC */
int64_t emu_wall_ms(void);         /* CLOCK_REALTIME */
int emu_load_config(const char *path);
emu_channel *emu_channel_of(emu_device *d, int no);
int64_t emu_time_to_epoch(const NET_DVR_TIME *t);
void emu_epoch_to_time(int64_t s, NET_DVR_TIME *t);

void emu_session_start(emu_session *s);   /* starts the thread */
void emu_session_stop(emu_session *s);    /* stops and joins (call without g_lock) */
void emu_session_wake(emu_session *s);

void emu_events_start(void);
void emu_events_stop(void);
void emu_events_push(DWORD type, LONG user, LONG handle, int64_t due_ms, int restore_dev /* -1 none */);
#endif
