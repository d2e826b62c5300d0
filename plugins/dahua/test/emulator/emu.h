/* Dahua NetSDK emulator (test fixture, never shipped): shared declarations. ABI per docs/vendor/dahua-sdk.md. */
#ifndef DH_EMU_H
#define DH_EMU_H
#include <pthread.h>
#include <stdint.h>

typedef long LLONG;          /* Linux x86-64: long = 8 bytes */
typedef long LDWORD;
typedef int LONG;
typedef unsigned int DWORD;
typedef int BOOL;
typedef unsigned char BYTE;
typedef void *HWND;

#define EC(x) (0x80000000u | (x))
#define NET_INVALID_HANDLE EC(4)
#define NET_OPEN_CHANNEL_ERROR EC(5)
#define NET_ILLEGAL_PARAM EC(7)
#define NET_NO_RECORD_FOUND EC(24)
#define NET_NO_INIT EC(29)
#define NET_UNSUPPORTED EC(79)
#define NET_LOGIN_ERROR_PASSWORD EC(100)
#define NET_LOGIN_ERROR_USER EC(101)
#define NET_LOGIN_ERROR_LOCKED EC(104)
#define NET_LOGIN_ERROR_NETWORK EC(108)
#define NET_LOGIN_ERROR_TIMEOUT EC(102)

typedef struct { DWORD dwYear, dwMonth, dwDay, dwHour, dwMinute, dwSecond; } NET_TIME;

typedef struct {
  BYTE sSerialNumber[48];
  int nAlarmInPortNum, nAlarmOutPortNum, nDiskNum, nDVRType, nChanNum;
  BYTE byLimitLoginTime, byLeftLogTimes, bReserved[2];
  int nLockLeftTime;
  char Reserved[24];
} NET_DEVICEINFO_Ex;

typedef struct {
  DWORD dwSize;
  char szIP[64];
  int nPort;
  char szUserName[64];
  char szPassword[64];
  int emSpecCap;
  BYTE byReserved[4];
  void *pCapParam;
} NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY;

typedef struct {
  DWORD dwSize;
  NET_DEVICEINFO_Ex stuDeviceInfo;
  int nError;
  BYTE byReserved[132];
} NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY;

typedef struct {
  unsigned int ch;
  char filename[124];
  unsigned int framenum, size;
  NET_TIME starttime, endtime;
  unsigned int driveno, startcluster;
  BYTE nRecordFileType, bImportantRecID, bHint, bRecType;
} NET_RECORDFILE_INFO;

_Static_assert(sizeof(NET_TIME) == 24, "NET_TIME");
_Static_assert(sizeof(NET_DEVICEINFO_Ex) == 100, "NET_DEVICEINFO_Ex");
_Static_assert(sizeof(NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY) == 216, "NET_IN_LOGIN");
_Static_assert(sizeof(NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY) == 240, "NET_OUT_LOGIN");
_Static_assert(sizeof(NET_RECORDFILE_INFO) == 196, "NET_RECORDFILE_INFO");

typedef void (*fDisConnect)(LLONG lLoginID, char *pchDVRIP, LONG nDVRPort, LDWORD dwUser);
typedef void (*fHaveReConnect)(LLONG lLoginID, char *pchDVRIP, LONG nDVRPort, LDWORD dwUser);
typedef void (*fRealDataCallBackEx2)(LLONG lRealHandle, DWORD dwDataType, BYTE *pBuffer, DWORD dwBufSize, LLONG param, LDWORD dwUser);
typedef int (*fDataCallBack)(LLONG lRealHandle, DWORD dwDataType, BYTE *pBuffer, DWORD dwBufSize, LDWORD dwUser);
typedef void (*fDownLoadPosCallBack)(LLONG lPlayHandle, DWORD dwTotalSize, int dwDownLoadSize, LDWORD dwUser);

/* ---- scripted configuration (emu-config.c) ---- */
#define MAX_DEVICES 8
#define MAX_USERS 8
#define MAX_CHANNELS 64
#define MAX_RECORDS 64

typedef struct { uint8_t *data; size_t len; size_t *offsets; int count; } EmuMedia;

typedef struct { char name[64]; char password[64]; int failures; int64_t lockedUntilMs; } EmuUser;

typedef struct { int channel; int64_t startMs, stopMs; unsigned sizeKb; char name[124]; EmuMedia *media; } EmuRecord;

typedef struct {
  char ip[64];
  int port, channels;
  EmuUser users[MAX_USERS];
  int userCount;
  int lockAttempts, lockSeconds;
  EmuMedia *live[MAX_CHANNELS], *liveSub[MAX_CHANNELS];
  BYTE refuseLive[MAX_CHANNELS], refusePlayback[MAX_CHANNELS], refusePtz[MAX_CHANNELS], stalled[MAX_CHANNELS];
  EmuRecord records[MAX_RECORDS];
  int recordCount;
  int refuseSeek, noRecordIsError;
  volatile int offline;
} EmuDevice;

typedef struct {
  EmuDevice devices[MAX_DEVICES];
  int deviceCount;
  char ptzLog[512];
  double pace; /* playback speed factor, 1 = real time */
} EmuConfig;

int emu_load_config(const char *path, EmuConfig *cfg);
void emu_free_config(EmuConfig *cfg);
int64_t emu_wall_ms(const NET_TIME *t);
void emu_net_time(int64_t ms, NET_TIME *t);
int64_t emu_mono_ms(void);

/* ---- shared state (emu-api.c) ---- */
extern pthread_mutex_t g_mu;
extern EmuConfig g_cfg;
void emu_set_error(unsigned e);
unsigned emu_network_login(const char *ip, int port, int wait_ms, int *nError);

/* ---- streaming threads (emu-stream.c) ---- */
typedef struct EmuPlay {
  LLONG handle, login;
  int isPlayback, channel, device;
  EmuMedia *media;             /* live */
  fRealDataCallBackEx2 liveCb; LDWORD liveUser; DWORD liveFlag;
  fDataCallBack dataCb; LDWORD dataUser;
  fDownLoadPosCallBack posCb; LDWORD posUser;
  int64_t startMs, stopMs, seekMs; int seekPending;
  int stop;
  pthread_t thread;
  pthread_cond_t cond;
  struct EmuPlay *next;
} EmuPlay;

void emu_play_start(EmuPlay *p);
/** Stops and joins; caller must NOT hold g_mu. */
void emu_play_join(EmuPlay *p);
#endif
