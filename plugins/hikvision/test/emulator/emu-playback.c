/* Playback, record search and PTZ exports. */
#include "emu.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define API __attribute__((visibility("default")))
#define NEED_INIT(fail) do { if (!g_inited) { emu_set_error(3); return fail; } } while (0)
extern int emu_stat_set(const char *name, long v);

static emu_login *login_of(LONG user) { return user >= 0 && user < EMU_MAX && g_logins[user].used ? &g_logins[user] : NULL; }
static emu_session *play_of(LONG h) { return h >= 0 && h < EMU_MAX && g_play[h].used && g_play[h].kind == 2 ? &g_play[h] : NULL; }

API LONG NET_DVR_PlayBackByTime_V40(LONG user, const NET_DVR_VOD_PARA *p) {
  NEED_INIT(-1);
  pthread_mutex_lock(&g_lock);
  emu_login *l = login_of(user);
  if (!l || !p) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return -1; }
  emu_stat_set("last_vod_size", (long)p->dwSize);
  emu_stat_set("last_vod_channel", (long)p->struIDInfo.dwChannel);
  emu_stat_set("last_vod_stream_info_size", (long)p->struIDInfo.dwSize);
  emu_stat_set("last_vod_hwnd", (long)p->hWnd);
  if (p->dwSize != sizeof(NET_DVR_VOD_PARA)) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return -1; }
  if (l->dev->dropped) { pthread_mutex_unlock(&g_lock); emu_set_error(7); return -1; }
  int channel = (int)p->struIDInfo.dwChannel;
  emu_channel *ch = emu_channel_of(l->dev, channel);
  if (!ch) { pthread_mutex_unlock(&g_lock); emu_set_error(4); return -1; }
  if (ch->playback_error) { int e = ch->playback_error; pthread_mutex_unlock(&g_lock); emu_set_error((DWORD)e); return -1; }
  int64_t b = emu_time_to_epoch(&p->struBeginTime), e = emu_time_to_epoch(&p->struEndTime);
  int found = 0;
  for (int r = 0; r < g_world.nrecords; r++) {
    emu_record *rec = &g_world.records[r];
    if (rec->channel == channel && rec->stop > b && rec->start < e) found = 1;
  }
  if (b >= e || !found) { pthread_mutex_unlock(&g_lock); emu_set_error(b >= e ? 17 : 33); return -1; }
  int h = -1;
  for (int i = 0; i < EMU_MAX && h < 0; i++) if (!g_play[i].used) h = i;
  if (h < 0) { pthread_mutex_unlock(&g_lock); emu_set_error(28); return -1; }
  emu_session *s = &g_play[h];
  memset(s, 0, sizeof *s);
  s->used = 1; s->kind = 2; s->handle = h; s->user = user; s->channel = channel; s->dev = l->dev;
  s->begin = b; s->end = e;
  pthread_mutex_unlock(&g_lock);
  emu_session_start(s);
  return h;
}

API BOOL NET_DVR_SetPlayDataCallBack_V40(LONG h, DataCallBack cb, void *pu) {
  NEED_INIT(0);
  pthread_mutex_lock(&g_lock);
  emu_session *s = play_of(h);
  if (!s) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return 0; }
  pthread_mutex_lock(&s->mu);
  s->cb = cb; s->puser = pu;
  pthread_mutex_unlock(&s->mu);
  pthread_mutex_unlock(&g_lock);
  return 1;
}

API BOOL NET_DVR_PlayBackControl_V40(LONG h, DWORD code, void *in, DWORD inLen, void *out, DWORD *outLen) {
  NEED_INIT(0);
  pthread_mutex_lock(&g_lock);
  emu_session *s = play_of(h);
  if (!s) { pthread_mutex_unlock(&g_lock); emu_set_error(12); return 0; } /* measured: bad handle → 12 */
  emu_channel *ch = emu_channel_of(s->dev, s->channel);
  int seek_error = ch ? ch->seek_error : 0;
  pthread_mutex_unlock(&g_lock);
  switch (code) {
  case 1: /* PLAYSTART */
    pthread_mutex_lock(&s->mu); s->started = 1; pthread_cond_broadcast(&s->cv); pthread_mutex_unlock(&s->mu);
    return 1;
  case 13: /* PLAYGETPOS */
    if (!out || !outLen || *outLen < 4) { emu_set_error(17); return 0; }
    pthread_mutex_lock(&s->mu); *(DWORD *)out = (DWORD)s->pos; pthread_mutex_unlock(&s->mu);
    *outLen = 4;
    return 1;
  case 26: { /* PLAYSETTIME */
    if (!in || inLen != sizeof(NET_DVR_TIME)) { emu_set_error(17); return 0; }
    if (seek_error) { emu_set_error((DWORD)seek_error); return 0; }
    int64_t t = emu_time_to_epoch((const NET_DVR_TIME *)in);
    if (t < s->begin || t >= s->end) { emu_set_error(17); return 0; }
    pthread_mutex_lock(&s->mu); s->seek_to = t; s->seek_pending = 1; pthread_cond_broadcast(&s->cv); pthread_mutex_unlock(&s->mu);
    return 1;
  }
  default:
    emu_set_error(23);
    return 0;
  }
}

API BOOL NET_DVR_StopPlayBack(LONG h) {
  NEED_INIT(0);
  pthread_mutex_lock(&g_lock);
  emu_session *s = play_of(h);
  if (!s) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return 0; }
  s->kind = -2;
  pthread_mutex_unlock(&g_lock);
  emu_session_stop(s);
  pthread_mutex_lock(&g_lock);
  s->used = 0;
  pthread_mutex_unlock(&g_lock);
  return 1;
}

API LONG NET_DVR_FindFile_V40(LONG user, NET_DVR_FILECOND_V40 *c) {
  NEED_INIT(-1);
  usleep(2000);
  pthread_mutex_lock(&g_lock);
  emu_login *l = login_of(user);
  if (!l || !c) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return -1; }
  if (!emu_channel_of(l->dev, c->lChannel)) { pthread_mutex_unlock(&g_lock); emu_set_error(4); return -1; }
  int h = -1;
  for (int i = 0; i < EMU_MAX && h < 0; i++) if (!g_search[i].used) h = i;
  if (h < 0) { pthread_mutex_unlock(&g_lock); emu_set_error(28); return -1; }
  emu_search *s = &g_search[h];
  memset(s, 0, sizeof *s);
  s->used = 1; s->user = user; s->channel = c->lChannel;
  s->start = emu_time_to_epoch(&c->struStartTime); s->stop = emu_time_to_epoch(&c->struStopTime);
  s->busy_left = g_world.search_busy_first; s->busied_at = 0;
  for (int r = 0; r < g_world.nrecords && s->count < 1024; r++) {
    emu_record *rec = &g_world.records[r];
    if (rec->channel == s->channel && rec->stop > s->start && rec->start < s->stop) s->order[s->count++] = r;
  }
  pthread_mutex_unlock(&g_lock);
  return h;
}

API LONG NET_DVR_FindNextFile_V40(LONG h, NET_DVR_FINDDATA_V40 *out) {
  NEED_INIT(-1);
  pthread_mutex_lock(&g_lock);
  emu_search *s = h >= 0 && h < EMU_MAX && g_search[h].used ? &g_search[h] : NULL;
  if (!s || !out) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return -1; }
  LONG r;
  if (s->busy_left > 0) { s->busy_left--; r = 1002; }
  else if (s->count == 0) r = 1001;
  else if (s->idx >= s->count) r = 1003;
  else if (g_world.search_busy_every > 0 && s->idx > 0 && s->idx % g_world.search_busy_every == 0 && s->busied_at != s->idx) {
    s->busied_at = s->idx; r = 1002; /* the device fetches its next page */
  } else {
    emu_record *rec = &g_world.records[s->order[s->idx++]];
    memset(out, 0, sizeof *out);
    snprintf(out->sFileName, sizeof out->sFileName, "%s", rec->name);
    emu_epoch_to_time(rec->start, &out->struStartTime);
    emu_epoch_to_time(rec->stop, &out->struStopTime);
    out->dwFileSize = rec->size;
    out->dwFileIndex = (DWORD)s->idx;
    r = 1000;
  }
  pthread_mutex_unlock(&g_lock);
  return r;
}

API BOOL NET_DVR_FindClose_V30(LONG h) {
  NEED_INIT(0);
  pthread_mutex_lock(&g_lock);
  if (h < 0 || h >= EMU_MAX || !g_search[h].used) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return 0; }
  g_search[h].used = 0;
  pthread_mutex_unlock(&g_lock);
  return 1;
}

API BOOL NET_DVR_PTZControlWithSpeed_Other(LONG user, LONG channel, DWORD cmd, DWORD stop, DWORD speed) {
  NEED_INIT(0);
  pthread_mutex_lock(&g_lock);
  emu_login *l = login_of(user);
  if (!l) { pthread_mutex_unlock(&g_lock); emu_set_error(17); return 0; }
  emu_channel *ch = emu_channel_of(l->dev, channel);
  int err = !ch ? 4 : ch->ptz_error ? ch->ptz_error : !ch->ptz ? 23 : l->dev->dropped ? 7 : 0;
  if (!err && g_world.ptz_log[0]) {
    FILE *f = fopen(g_world.ptz_log, "a");
    if (f) { fprintf(f, "%lld %d %d %u %u %u\n", (long long)emu_wall_ms(), user, channel, cmd, stop, speed); fclose(f); }
  }
  pthread_mutex_unlock(&g_lock);
  if (err) { emu_set_error((DWORD)err); return 0; }
  return 1;
}
