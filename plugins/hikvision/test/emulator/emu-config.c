/* The emulator's script: a line-based config file (see README.md in this folder). */
#include "emu.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

emu_world g_world;

int64_t emu_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
int64_t emu_wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t emu_time_to_epoch(const NET_DVR_TIME *t) {
  struct tm tm = {0};
  tm.tm_year = (int)t->dwYear - 1900; tm.tm_mon = (int)t->dwMonth - 1; tm.tm_mday = (int)t->dwDay;
  tm.tm_hour = (int)t->dwHour; tm.tm_min = (int)t->dwMinute; tm.tm_sec = (int)t->dwSecond;
  return (int64_t)timegm(&tm);
}
void emu_epoch_to_time(int64_t s, NET_DVR_TIME *t) {
  time_t tt = (time_t)s;
  struct tm tm;
  gmtime_r(&tt, &tm);
  t->dwYear = (DWORD)tm.tm_year + 1900; t->dwMonth = (DWORD)tm.tm_mon + 1; t->dwDay = (DWORD)tm.tm_mday;
  t->dwHour = (DWORD)tm.tm_hour; t->dwMinute = (DWORD)tm.tm_min; t->dwSecond = (DWORD)tm.tm_sec;
}
static int64_t parse_time(const char *v) {
  NET_DVR_TIME t = {0};
  sscanf(v, "%u-%u-%uT%u:%u:%u", &t.dwYear, &t.dwMonth, &t.dwDay, &t.dwHour, &t.dwMinute, &t.dwSecond);
  return emu_time_to_epoch(&t);
}

emu_channel *emu_channel_of(emu_device *d, int no) {
  for (int i = 0; i < d->nchannels; i++)
    if (d->channels[i].no == no) return &d->channels[i];
  return NULL;
}

/* key=value lookup in a tokenised line */
static const char *get(char **tok, int n, const char *key) {
  size_t kl = strlen(key);
  for (int i = 1; i < n; i++)
    if (strncmp(tok[i], key, kl) == 0 && tok[i][kl] == '=') return tok[i] + kl + 1;
  return NULL;
}
static int geti(char **tok, int n, const char *key, int def) {
  const char *v = get(tok, n, key);
  return v ? atoi(v) : def;
}
static void gets_(char **tok, int n, const char *key, char *out, size_t cap) {
  const char *v = get(tok, n, key);
  if (v) snprintf(out, cap, "%s", v);
}

int emu_load_config(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  pthread_mutex_lock(&g_lock);
  memset(&g_world, 0, sizeof g_world);
  char line[2048];
  emu_device *dev = NULL;
  while (fgets(line, sizeof line, f)) {
    char *tok[32]; int n = 0;
    for (char *s = strtok(line, " \t\r\n"); s && n < 32; s = strtok(NULL, " \t\r\n")) tok[n++] = s;
    if (n == 0 || tok[0][0] == '#') continue;
    if (strcmp(tok[0], "device") == 0 && g_world.ndevices < 8) {
      dev = &g_world.devices[g_world.ndevices++];
      gets_(tok, n, "addr", dev->addr, sizeof dev->addr);
      dev->port = geti(tok, n, "port", 8000);
      dev->lock_after = geti(tok, n, "lock_after", 0);
      dev->lock_seconds = geti(tok, n, "lock_seconds", 1800);
      dev->start_chan = geti(tok, n, "start_chan", 1);
      dev->chan_num = geti(tok, n, "chan_num", 0);
      dev->start_dchan = geti(tok, n, "start_dchan", 33);
      dev->ip_chan_num = geti(tok, n, "ip_chan_num", 8);
      gets_(tok, n, "serial", dev->serial, sizeof dev->serial);
    } else if (strcmp(tok[0], "user") == 0 && dev && dev->nusers < EMU_MAX) {
      emu_user *u = &dev->users[dev->nusers++];
      gets_(tok, n, "name", u->name, sizeof u->name);
      gets_(tok, n, "password", u->password, sizeof u->password);
    } else if (strcmp(tok[0], "channel") == 0 && dev && dev->nchannels < EMU_MAX) {
      emu_channel *c = &dev->channels[dev->nchannels++];
      c->no = geti(tok, n, "no", 1);
      gets_(tok, n, "media", c->media, sizeof c->media);
      c->ptz = geti(tok, n, "ptz", 0);
      c->live_error = geti(tok, n, "live_error", 0);
      c->playback_error = geti(tok, n, "playback_error", 0);
      c->seek_error = geti(tok, n, "seek_error", 0);
      c->ptz_error = geti(tok, n, "ptz_error", 0);
      if (c->media[0]) emu_media_get(c->media);
    } else if (strcmp(tok[0], "record") == 0 && g_world.nrecords < 1024) {
      emu_record *r = &g_world.records[g_world.nrecords++];
      r->channel = geti(tok, n, "channel", 1);
      const char *v = get(tok, n, "start");
      r->start = v ? parse_time(v) : 0;
      v = get(tok, n, "stop");
      r->stop = v ? parse_time(v) : 0;
      gets_(tok, n, "file", r->file, sizeof r->file);
      gets_(tok, n, "name", r->name, sizeof r->name);
      r->size = (DWORD)geti(tok, n, "size", 0);
      if (r->file[0]) emu_media_get(r->file);
    } else if (strcmp(tok[0], "option") == 0) {
      g_world.search_busy_first = geti(tok, n, "search_busy_first", g_world.search_busy_first);
      g_world.search_busy_every = geti(tok, n, "search_busy_every", g_world.search_busy_every);
      g_world.chunk_max = geti(tok, n, "chunk_max", g_world.chunk_max);
      gets_(tok, n, "ptz_log", g_world.ptz_log, sizeof g_world.ptz_log);
    }
  }
  fclose(f);
  pthread_mutex_unlock(&g_lock);
  return 1;
}
