/* The exported NET_DVR_* functions (docs/vendor/hikvision-sdk.md §2), with the real SDK's return conventions and error codes. */
#include "emu.h"
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#define API __attribute__((visibility("default")))

pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
int g_inited;
fExceptionCallBack g_exc_cb;
void *g_exc_user;
emu_login g_logins[EMU_MAX];
emu_session g_live[EMU_MAX], g_play[EMU_MAX];
emu_search g_search[EMU_MAX];
/* Per thread, like the real library's (measured): a GetLastError on another thread never sees this one's error. */
static __thread DWORD last_error;
/* NET_DVR_SetConnectTime's wait; the real default is 5000 ms. */
static volatile int connect_wait_ms = 5000;
extern int emu_stat_set(const char *name, long v);

void emu_set_error(DWORD code) { last_error = code; }

#define NEED_INIT(fail) do { if (!g_inited) { emu_set_error(3); return fail; } } while (0)

API BOOL NET_DVR_SetSDKInitCfg(int type, void *in) {
  if (type == 2 && in) emu_stat_set("sdk_path_set", 1), setenv("EMU_SDK_PATH", (const char *)in, 1);
  if (type == 3 && in) setenv("EMU_LIBCRYPTO", (const char *)in, 1);
  if (type == 4 && in) setenv("EMU_LIBSSL", (const char *)in, 1);
  return 1;
}
API BOOL NET_DVR_Init(void) {
  /* the real Init prints one plain line outside any logger — on stderr (fd 2), measured with 2>/dev/null */
  static const char line[] = "loop[2] find 2 mac and 3 ip\n";
  if (write(2, line, sizeof line - 1) < 0) { /* nothing to do */ }
  /* a process that cannot call EMU_LoadConfig first (the bench's pusher) names its config in EMU_CONFIG */
  const char *cfg = getenv("EMU_CONFIG");
  if (cfg && cfg[0] && g_world.ndevices == 0) emu_load_config(cfg);
  pthread_mutex_lock(&g_lock);
  g_inited = 1;
  pthread_mutex_unlock(&g_lock);
  emu_events_start();
  return 1;
}
API BOOL NET_DVR_Cleanup(void) {
  NEED_INIT(0);
  emu_events_stop();
  for (int i = 0; i < EMU_MAX; i++) if (g_live[i].used) { emu_session_stop(&g_live[i]); g_live[i].used = 0; }
  for (int i = 0; i < EMU_MAX; i++) if (g_play[i].used) { emu_session_stop(&g_play[i]); g_play[i].used = 0; }
  pthread_mutex_lock(&g_lock);
  memset(g_logins, 0, sizeof g_logins);
  memset(g_search, 0, sizeof g_search);
  g_exc_cb = NULL;
  g_inited = 0;
  pthread_mutex_unlock(&g_lock);
  return 1;
}
API BOOL NET_DVR_SetConnectTime(DWORD wait, DWORD tries) { connect_wait_ms = (int)wait; emu_stat_set("connect_wait_ms", (long)wait); emu_stat_set("connect_tries", (long)tries); return 1; }
API BOOL NET_DVR_SetReconnect(DWORD interval, BOOL enable) { emu_stat_set("reconnect_interval_ms", (long)interval); emu_stat_set("reconnect_enabled", enable); return 1; }
API BOOL NET_DVR_SetExceptionCallBack_V30(unsigned int msg, void *hwnd, fExceptionCallBack cb, void *user) {
  (void)msg; (void)hwnd;
  pthread_mutex_lock(&g_lock);
  g_exc_cb = cb; g_exc_user = user;
  pthread_mutex_unlock(&g_lock);
  return 1;
}
API DWORD NET_DVR_GetLastError(void) { return last_error; }
/* Per thread like GetLastError. 7 is the real library's text (measured); the others name the header's symbol. */
API char *NET_DVR_GetErrorMsg(LONG *code) {
  if (code) *code = (LONG)last_error;
  switch (last_error) {
    case 0: return (char *)"";
    case 7: return (char *)"Failed to connect to the device. The device is off-line, or connection timeout caused by network.";
    case 9: return (char *)"emulated: NET_DVR_NETWORK_RECV_ERROR";
    case 10: return (char *)"emulated: NET_DVR_NETWORK_RECV_TIMEOUT";
    case 11: return (char *)"emulated: NET_DVR_NETWORK_ERRORDATA";
    default: return (char *)""; /* the plugin then shows its own table text only */
  }
}
/* 0 before NET_DVR_Init, like the real one */
API DWORD NET_DVR_GetSDKVersion(void) { return g_inited ? 0x00060001 : 0; }
API DWORD NET_DVR_GetSDKBuildVersion(void) { return g_inited ? 0x06010937 : 0; }

static emu_device *find_device(const char *addr, int port) {
  for (int i = 0; i < g_world.ndevices; i++)
    if (strcmp(g_world.devices[i].addr, addr) == 0 && g_world.devices[i].port == port) return &g_world.devices[i];
  return NULL;
}

API LONG NET_DVR_Login_V40(NET_DVR_USER_LOGIN_INFO *in, NET_DVR_DEVICEINFO_V40 *out) {
  NEED_INIT(-1);
  if (!in || !out) { emu_set_error(17); return -1; }
  usleep(5000);
  memset(out, 0, sizeof *out);
  pthread_mutex_lock(&g_lock);
  emu_stat_set("last_login_port", in->wPort);
  emu_stat_set("last_login_async", in->bUseAsynLogin);
  emu_device *d = find_device(in->sDeviceAddress, in->wPort);
  if (!d) { /* not scripted: the network decides, as for the real SDK */
    pthread_mutex_unlock(&g_lock);
    emu_set_error(emu_network_login(in->sDeviceAddress, in->wPort, connect_wait_ms));
    return -1;
  }
  if (d->dropped) { pthread_mutex_unlock(&g_lock); emu_set_error(7); return -1; }
  emu_user *u = NULL;
  for (int i = 0; i < d->nusers; i++) if (strcmp(d->users[i].name, in->sUserName) == 0) u = &d->users[i];
  int64_t now = emu_now_ms();
  out->bySupportLock = d->lock_after > 0;
  if (u && u->locked_until_ms > now) {
    out->dwSurplusLockTime = (DWORD)((u->locked_until_ms - now + 999) / 1000);
    pthread_mutex_unlock(&g_lock); emu_set_error(153); return -1;
  }
  if (!u || strcmp(u->password, in->sPassword) != 0) {
    if (u && d->lock_after > 0) {
      u->failures++;
      if (u->failures >= d->lock_after) {
        u->failures = 0; u->locked_until_ms = now + (int64_t)d->lock_seconds * 1000;
        out->dwSurplusLockTime = (DWORD)d->lock_seconds;
        pthread_mutex_unlock(&g_lock); emu_set_error(153); return -1;
      }
      out->byRetryLoginTime = (BYTE)(d->lock_after - u->failures);
    }
    pthread_mutex_unlock(&g_lock); emu_set_error(1); return -1;
  }
  u->failures = 0;
  int id = -1;
  for (int i = 0; i < EMU_MAX && id < 0; i++) if (!g_logins[i].used) id = i;
  if (id < 0) { pthread_mutex_unlock(&g_lock); emu_set_error(52); return -1; }
  g_logins[id].used = 1; g_logins[id].dev = d;
  snprintf(g_logins[id].name, sizeof g_logins[id].name, "%s", u->name);
  NET_DVR_DEVICEINFO_V30 *v = &out->struDeviceV30;
  memcpy(v->sSerialNumber, d->serial, sizeof v->sSerialNumber);
  v->byChanNum = (BYTE)d->chan_num; v->byStartChan = (BYTE)d->start_chan;
  v->byStartDChan = (BYTE)d->start_dchan; v->byIPChanNum = (BYTE)(d->ip_chan_num & 0xff);
  v->byHighDChanNum = (BYTE)(d->ip_chan_num >> 8);
  out->byRetryLoginTime = (BYTE)d->lock_after; out->byPasswordLevel = 2; out->byCharEncodeType = 6;
  pthread_mutex_unlock(&g_lock);
  return id;
}

static emu_login *login_of(LONG user) { return user >= 0 && user < EMU_MAX && g_logins[user].used ? &g_logins[user] : NULL; }

API BOOL NET_DVR_Logout(LONG user) {
  NEED_INIT(0);
  pthread_mutex_lock(&g_lock);
  emu_login *l = login_of(user);
  if (!l) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return 0; }
  l->used = 0;
  pthread_mutex_unlock(&g_lock);
  return 1;
}

static int alloc_session(emu_session *tab) {
  for (int i = 0; i < EMU_MAX; i++) if (!tab[i].used) return i;
  return -1;
}

API LONG NET_DVR_RealPlay_V40(LONG user, NET_DVR_PREVIEWINFO *info, DataCallBack cb, void *pu) {
  NEED_INIT(-1);
  pthread_mutex_lock(&g_lock);
  emu_login *l = login_of(user);
  if (!l || !info) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return -1; }
  emu_stat_set("last_preview_channel", info->lChannel);
  emu_stat_set("last_preview_stream_type", (long)info->dwStreamType);
  emu_stat_set("last_preview_link_mode", (long)info->dwLinkMode);
  emu_stat_set("last_preview_hwnd", (long)info->hPlayWnd);
  emu_stat_set("last_preview_blocked", info->bBlocked);
  if (l->dev->dropped) { pthread_mutex_unlock(&g_lock); emu_set_error(7); return -1; }
  emu_channel *ch = emu_channel_of(l->dev, info->lChannel);
  if (!ch) { pthread_mutex_unlock(&g_lock); emu_set_error(4); return -1; }
  if (ch->live_error) { int e = ch->live_error; pthread_mutex_unlock(&g_lock); emu_set_error((DWORD)e); return -1; }
  int h = alloc_session(g_live);
  if (h < 0) { pthread_mutex_unlock(&g_lock); emu_set_error(28); return -1; }
  emu_session *s = &g_live[h];
  memset(s, 0, sizeof *s);
  s->used = 1; s->kind = 1; s->handle = h; s->user = user; s->channel = info->lChannel; s->dev = l->dev;
  s->cb = cb; s->puser = pu;
  pthread_mutex_unlock(&g_lock);
  emu_session_start(s);
  return h;
}

API BOOL NET_DVR_StopRealPlay(LONG h) {
  NEED_INIT(0);
  pthread_mutex_lock(&g_lock);
  if (h < 0 || h >= EMU_MAX || !g_live[h].used || g_live[h].kind != 1) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return 0; }
  g_live[h].kind = -1; /* stopping */
  pthread_mutex_unlock(&g_lock);
  emu_session_stop(&g_live[h]); /* joins the data thread: a caller on the JS thread must use .async */
  pthread_mutex_lock(&g_lock);
  g_live[h].used = 0;
  pthread_mutex_unlock(&g_lock);
  return 1;
}
