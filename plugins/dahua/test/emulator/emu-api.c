/* Emulator exports: the CLIENT_* functions the plugin binds (dhnetsdk.h names and ABI) plus EMU_* test hooks. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emu.h"

#define EXPORT __attribute__((visibility("default")))

pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
EmuConfig g_cfg;
static __thread unsigned g_lastError; /* per thread, like HCNetSDK's (measured); see README */
static int g_init;
static fDisConnect g_disconnect; static LDWORD g_disconnectUser;
static fHaveReConnect g_reconnect; static LDWORD g_reconnectUser;
static int g_waitMs = 5000, g_tries = 1;
static volatile int g_loginAttempts;

typedef struct EmuLogin { LLONG handle; int device; struct EmuLogin *next; } EmuLogin;
static EmuLogin *g_logins;
static EmuPlay *g_plays;
/* Login handles above 2^53 (koffi hands them to JS as BigInt), play handles above 2^32: both catch truncation. */
static LLONG g_nextLogin = 0x20000000000000L + 0x101;
static LLONG g_nextPlay = 0x7f0000001000L;

void emu_set_error(unsigned e) { g_lastError = e; }

static EmuLogin *find_login(LLONG h) {
  for (EmuLogin *l = g_logins; l; l = l->next) if (l->handle == h) return l;
  return NULL;
}
static EmuPlay *find_play(LLONG h, int playback) {
  for (EmuPlay *p = g_plays; p; p = p->next) if (p->handle == h && p->isPlayback == playback) return p;
  return NULL;
}
static void unlink_play(EmuPlay *p) {
  for (EmuPlay **pp = &g_plays; *pp; pp = &(*pp)->next) if (*pp == p) { *pp = p->next; return; }
}

EXPORT BOOL CLIENT_Init(fDisConnect cb, LDWORD user) {
  pthread_mutex_lock(&g_mu);
  if (!g_init) {
    const char *path = getenv("DH_EMU_CONFIG");
    if (path) emu_load_config(path, &g_cfg);
  }
  g_init = 1;
  g_disconnect = cb; g_disconnectUser = user;
  pthread_mutex_unlock(&g_mu);
  /* vendor SDKs print from C during init, outside any logger (HCNetSDK does, on stderr): here on stdout */
  static const char line[] = "dhnetsdk emulator: CLIENT_Init\n";
  if (write(1, line, sizeof line - 1) < 0) { /* nothing to do */ }
  return 1;
}

EXPORT void CLIENT_SetAutoReconnect(fHaveReConnect cb, LDWORD user) {
  pthread_mutex_lock(&g_mu);
  g_reconnect = cb; g_reconnectUser = user;
  pthread_mutex_unlock(&g_mu);
}

EXPORT void CLIENT_SetConnectTime(int wait, int tries) { g_waitMs = wait; g_tries = tries; }
EXPORT DWORD CLIENT_GetLastError(void) { return g_lastError; }
EXPORT DWORD CLIENT_GetSDKVersion(void) { return g_init ? 0x03050000 : 0; } /* 0 before CLIENT_Init, like HCNetSDK */

EXPORT LLONG CLIENT_LoginWithHighLevelSecurity(NET_IN_LOGIN_WITH_HIGHLEVEL_SECURITY *in, NET_OUT_LOGIN_WITH_HIGHLEVEL_SECURITY *out) {
  if (!g_init) { emu_set_error(NET_NO_INIT); return 0; }
  if (!in || !out || in->dwSize < sizeof *in || out->dwSize < sizeof *out) { emu_set_error(NET_ILLEGAL_PARAM); return 0; }
  __sync_fetch_and_add(&g_loginAttempts, 1);
  usleep(10000); /* a round trip */
  pthread_mutex_lock(&g_mu);
  memset(&out->stuDeviceInfo, 0, sizeof out->stuDeviceInfo);
  out->stuDeviceInfo.nLockLeftTime = -1;
  int dev = -1;
  for (int i = 0; i < g_cfg.deviceCount; i++)
    if (strcmp(g_cfg.devices[i].ip, in->szIP) == 0 && g_cfg.devices[i].port == in->nPort && !g_cfg.devices[i].offline) dev = i;
  int scripted = 0;
  for (int i = 0; i < g_cfg.deviceCount; i++) if (strcmp(g_cfg.devices[i].ip, in->szIP) == 0 && g_cfg.devices[i].port == in->nPort) scripted = 1;
  if (dev < 0 && scripted) { /* a scripted device marked offline: the connect time runs out */
    pthread_mutex_unlock(&g_mu);
    usleep((useconds_t)g_waitMs * 1000);
    out->nError = 9; /* main connection failed */
    emu_set_error(NET_LOGIN_ERROR_NETWORK);
    return 0;
  }
  if (dev < 0) { /* not scripted: the network decides (emu-net.c) */
    pthread_mutex_unlock(&g_mu);
    int nError;
    emu_set_error(emu_network_login(in->szIP, in->nPort, g_waitMs, &nError));
    out->nError = nError;
    return 0;
  }
  EmuDevice *d = &g_cfg.devices[dev];
  EmuUser *u = NULL;
  for (int i = 0; i < d->userCount; i++) if (strcmp(d->users[i].name, in->szUserName) == 0) u = &d->users[i];
  int64_t now = emu_mono_ms();
  unsigned err = 0;
  if (!u) { out->nError = 2; err = NET_LOGIN_ERROR_USER; }
  else if (u->lockedUntilMs > now) {
    out->nError = 5; err = NET_LOGIN_ERROR_LOCKED;
    out->stuDeviceInfo.nLockLeftTime = (int)((u->lockedUntilMs - now + 999) / 1000);
  } else if (strcmp(u->password, in->szPassword) != 0) {
    u->failures++;
    out->nError = 1; err = NET_LOGIN_ERROR_PASSWORD;
    out->stuDeviceInfo.byLeftLogTimes = u->failures >= d->lockAttempts ? 0 : d->lockAttempts - u->failures;
    if (u->failures >= d->lockAttempts) { u->lockedUntilMs = now + d->lockSeconds * 1000L; u->failures = 0; }
  }
  if (err) { pthread_mutex_unlock(&g_mu); emu_set_error(err); return 0; }
  u->failures = 0;
  EmuLogin *l = calloc(1, sizeof *l);
  l->handle = g_nextLogin++; l->device = dev; l->next = g_logins; g_logins = l;
  out->nError = 0;
  out->stuDeviceInfo.nChanNum = d->channels;
  snprintf((char *)out->stuDeviceInfo.sSerialNumber, 48, "EMU%05d", d->port);
  pthread_mutex_unlock(&g_mu);
  return l->handle;
}

static void stop_plays_of(LLONG login) {
  for (;;) {
    pthread_mutex_lock(&g_mu);
    EmuPlay *p = g_plays;
    while (p && login && p->login != login) p = p->next;
    if (p) unlink_play(p);
    pthread_mutex_unlock(&g_mu);
    if (!p) return;
    emu_play_join(p);
    free(p);
  }
}

EXPORT BOOL CLIENT_Logout(LLONG h) {
  pthread_mutex_lock(&g_mu);
  EmuLogin **pp = &g_logins;
  while (*pp && (*pp)->handle != h) pp = &(*pp)->next;
  EmuLogin *l = *pp;
  if (l) *pp = l->next;
  pthread_mutex_unlock(&g_mu);
  if (!l) { emu_set_error(NET_INVALID_HANDLE); return 0; }
  stop_plays_of(h); /* the real SDK closes a login's streams with it */
  free(l);
  return 1;
}

EXPORT void CLIENT_Cleanup(void) {
  stop_plays_of(0);
  pthread_mutex_lock(&g_mu);
  while (g_logins) { EmuLogin *l = g_logins; g_logins = l->next; free(l); }
  g_disconnect = NULL; g_reconnect = NULL;
  g_init = 0;
  emu_free_config(&g_cfg);
  pthread_mutex_unlock(&g_mu);
}

/* Validates login + channel under g_mu; returns the device or NULL with the error set. */
static EmuDevice *check(LLONG login, int ch, EmuLogin **lo) {
  EmuLogin *l = find_login(login);
  if (!l) { emu_set_error(NET_INVALID_HANDLE); return NULL; }
  EmuDevice *d = &g_cfg.devices[l->device];
  if (ch < 0 || ch >= d->channels) { emu_set_error(NET_ILLEGAL_PARAM); return NULL; }
  if (lo) *lo = l;
  return d;
}

EXPORT LLONG CLIENT_RealPlayEx(LLONG login, int ch, HWND hwnd, int rType) {
  (void)hwnd;
  pthread_mutex_lock(&g_mu);
  EmuLogin *l;
  EmuDevice *d = check(login, ch, &l);
  if (d && (d->refuseLive[ch] || !d->live[ch] || d->offline)) { emu_set_error(NET_OPEN_CHANNEL_ERROR); d = NULL; }
  if (!d) { pthread_mutex_unlock(&g_mu); return 0; }
  EmuPlay *p = calloc(1, sizeof *p);
  p->handle = g_nextPlay++; p->login = login; p->channel = ch; p->device = l->device;
  p->media = rType == 3 ? d->liveSub[ch] : d->live[ch];
  p->next = g_plays; g_plays = p;
  emu_play_start(p);
  pthread_mutex_unlock(&g_mu);
  return p->handle;
}

EXPORT BOOL CLIENT_SetRealDataCallBackEx2(LLONG h, fRealDataCallBackEx2 cb, LDWORD user, DWORD flag) {
  pthread_mutex_lock(&g_mu);
  EmuPlay *p = find_play(h, 0);
  if (p) { p->liveCb = cb; p->liveUser = user; p->liveFlag = flag; }
  pthread_mutex_unlock(&g_mu);
  if (!p) emu_set_error(NET_INVALID_HANDLE);
  return p != NULL;
}

static BOOL stop_play(LLONG h, int playback) {
  pthread_mutex_lock(&g_mu);
  EmuPlay *p = find_play(h, playback);
  if (p) unlink_play(p);
  pthread_mutex_unlock(&g_mu);
  if (!p) { emu_set_error(NET_INVALID_HANDLE); return 0; }
  emu_play_join(p); /* joins the data thread: call from a koffi .async worker */
  free(p);
  return 1;
}

EXPORT BOOL CLIENT_StopRealPlayEx(LLONG h) { return stop_play(h, 0); }
EXPORT BOOL CLIENT_StopPlayBack(LLONG h) { return stop_play(h, 1); }

EXPORT BOOL CLIENT_QueryRecordFile(LLONG login, int ch, int type, NET_TIME *start, NET_TIME *end, char *card,
                                   NET_RECORDFILE_INFO *info, int maxlen, int *count, int waittime, BOOL bTime) {
  (void)type; (void)card; (void)waittime; (void)bTime;
  usleep(20000);
  pthread_mutex_lock(&g_mu);
  EmuDevice *d = check(login, ch, NULL);
  if (!d || !start || !end || !info || !count) {
    if (d) emu_set_error(NET_ILLEGAL_PARAM);
    pthread_mutex_unlock(&g_mu);
    return 0;
  }
  int64_t s = emu_wall_ms(start), e = emu_wall_ms(end);
  int max = maxlen / (int)sizeof(NET_RECORDFILE_INFO), n = 0;
  for (int i = 0; i < d->recordCount && n < max; i++) {
    EmuRecord *r = &d->records[i];
    if (r->channel != ch || r->stopMs <= s || r->startMs >= e) continue;
    NET_RECORDFILE_INFO *o = &info[n++];
    memset(o, 0, sizeof *o);
    o->ch = ch; o->size = r->sizeKb; o->framenum = r->media ? r->media->count : 0;
    snprintf(o->filename, sizeof o->filename, "%s", r->name);
    emu_net_time(r->startMs, &o->starttime);
    emu_net_time(r->stopMs, &o->endtime);
  }
  *count = n;
  int err = n == 0 && d->noRecordIsError;
  pthread_mutex_unlock(&g_mu);
  if (err) { emu_set_error(NET_NO_RECORD_FOUND); return 0; }
  return 1;
}

EXPORT LLONG CLIENT_PlayBackByTimeEx(LLONG login, int ch, NET_TIME *start, NET_TIME *stop, HWND hwnd, fDownLoadPosCallBack posCb,
                                     LDWORD posUser, fDataCallBack dataCb, LDWORD dataUser) {
  (void)hwnd;
  pthread_mutex_lock(&g_mu);
  EmuLogin *l;
  EmuDevice *d = check(login, ch, &l);
  int64_t s = start ? emu_wall_ms(start) : 0, e = stop ? emu_wall_ms(stop) : 0;
  if (d && (!start || !stop || e <= s)) { emu_set_error(NET_ILLEGAL_PARAM); d = NULL; }
  if (d && d->refusePlayback[ch]) { emu_set_error(NET_OPEN_CHANNEL_ERROR); d = NULL; }
  if (d) {
    int any = 0;
    for (int i = 0; i < d->recordCount; i++)
      if (d->records[i].channel == ch && d->records[i].stopMs > s && d->records[i].startMs < e) any = 1;
    if (!any) { emu_set_error(NET_NO_RECORD_FOUND); d = NULL; }
  }
  if (!d) { pthread_mutex_unlock(&g_mu); return 0; }
  EmuPlay *p = calloc(1, sizeof *p);
  p->handle = g_nextPlay++; p->login = login; p->channel = ch; p->device = l->device; p->isPlayback = 1;
  p->dataCb = dataCb; p->dataUser = dataUser; p->posCb = posCb; p->posUser = posUser;
  p->startMs = s; p->stopMs = e;
  p->next = g_plays; g_plays = p;
  emu_play_start(p);
  pthread_mutex_unlock(&g_mu);
  return p->handle;
}

EXPORT BOOL CLIENT_SeekPlayBackByTime(LLONG h, NET_TIME *t) {
  pthread_mutex_lock(&g_mu);
  EmuPlay *p = find_play(h, 1);
  unsigned err = 0;
  if (!p) err = NET_INVALID_HANDLE;
  else if (!t || g_cfg.devices[p->device].refuseSeek) err = NET_ILLEGAL_PARAM;
  else {
    int64_t at = emu_wall_ms(t);
    if (at < p->startMs || at > p->stopMs) err = NET_ILLEGAL_PARAM;
    else { p->seekMs = at; p->seekPending = 1; pthread_cond_broadcast(&p->cond); }
  }
  pthread_mutex_unlock(&g_mu);
  if (err) emu_set_error(err);
  return err == 0;
}

EXPORT BOOL CLIENT_DHPTZControlEx2(LLONG login, int ch, DWORD cmd, LONG p1, LONG p2, LONG p3, BOOL stop, void *param4) {
  (void)param4;
  pthread_mutex_lock(&g_mu);
  EmuDevice *d = check(login, ch, NULL);
  if (d && d->refusePtz[ch]) { emu_set_error(NET_UNSUPPORTED); d = NULL; }
  if (d && g_cfg.ptzLog[0]) {
    FILE *f = fopen(g_cfg.ptzLog, "a");
    if (f) { fprintf(f, "%lld %d %u %d %d %d %d\n", (long long)emu_mono_ms(), ch, cmd, p1, p2, p3, stop); fclose(f); }
  }
  pthread_mutex_unlock(&g_mu);
  return d != NULL;
}

/* ---- test hooks ---- */

typedef struct { int device, ms; } Outage;

static void *outage_thread(void *arg) {
  Outage o = *(Outage *)arg;
  free(arg);
  EmuDevice *d = &g_cfg.devices[o.device];
  LLONG handles[64];
  int n = 0;
  pthread_mutex_lock(&g_mu);
  d->offline = 1;
  for (EmuLogin *l = g_logins; l && n < 64; l = l->next) if (l->device == o.device) handles[n++] = l->handle;
  fDisConnect dc = g_disconnect; LDWORD du = g_disconnectUser;
  pthread_mutex_unlock(&g_mu);
  for (int i = 0; i < n; i++) if (dc) dc(handles[i], d->ip, d->port, du);
  usleep(o.ms * 1000);
  pthread_mutex_lock(&g_mu);
  d->offline = 0;
  fHaveReConnect rc = g_reconnect; LDWORD ru = g_reconnectUser;
  pthread_mutex_unlock(&g_mu);
  for (int i = 0; i < n; i++) if (rc) rc(handles[i], d->ip, d->port, ru);
  return NULL;
}

/** Drops the device's connections for `ms`: disconnect callback now, reconnect callback after (if set). */
EXPORT int EMU_Disconnect(const char *ip, int port, int ms) {
  for (int i = 0; i < g_cfg.deviceCount; i++) {
    if (strcmp(g_cfg.devices[i].ip, ip) || g_cfg.devices[i].port != port) continue;
    Outage *o = malloc(sizeof *o);
    o->device = i; o->ms = ms;
    pthread_t t;
    pthread_create(&t, NULL, outage_thread, o);
    pthread_detach(t);
    return 1;
  }
  return 0;
}

/** Stops (on=1) or resumes (on=0) live data of an SDK channel without any callback. */
EXPORT int EMU_StallChannel(const char *ip, int port, int ch, int on) {
  for (int i = 0; i < g_cfg.deviceCount; i++)
    if (!strcmp(g_cfg.devices[i].ip, ip) && g_cfg.devices[i].port == port && ch >= 0 && ch < MAX_CHANNELS) { g_cfg.devices[i].stalled[ch] = on; return 1; }
  return 0;
}

EXPORT int EMU_OpenLogins(void) { int n = 0; pthread_mutex_lock(&g_mu); for (EmuLogin *l = g_logins; l; l = l->next) n++; pthread_mutex_unlock(&g_mu); return n; }
EXPORT int EMU_OpenPlays(void) { int n = 0; pthread_mutex_lock(&g_mu); for (EmuPlay *p = g_plays; p; p = p->next) n++; pthread_mutex_unlock(&g_mu); return n; }
/** Callback pointers the emulator holds (Init/reconnect + per play). */
EXPORT int EMU_HeldCallbacks(void) {
  int n = 0;
  pthread_mutex_lock(&g_mu);
  n += g_disconnect != NULL; n += g_reconnect != NULL;
  for (EmuPlay *p = g_plays; p; p = p->next) n += (p->liveCb != NULL) + (p->dataCb != NULL) + (p->posCb != NULL);
  pthread_mutex_unlock(&g_mu);
  return n;
}
EXPORT int EMU_Initialised(void) { return g_init; }
/** Login calls that reached the emulator (to see back-off: calls the core did not make). */
EXPORT int EMU_LoginAttempts(void) { return g_loginAttempts; }
