/* Emulator configuration: a line-based script (see README in this folder) and DHAV media loaded into memory. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "emu.h"

int64_t emu_mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

int64_t emu_wall_ms(const NET_TIME *t) {
  return (days_from_civil((int)t->dwYear, t->dwMonth, t->dwDay) * 86400 + t->dwHour * 3600 + t->dwMinute * 60 + t->dwSecond) * 1000;
}

void emu_net_time(int64_t ms, NET_TIME *t) {
  time_t s = (time_t)(ms / 1000);
  struct tm tm;
  gmtime_r(&s, &tm);
  t->dwYear = tm.tm_year + 1900; t->dwMonth = tm.tm_mon + 1; t->dwDay = tm.tm_mday;
  t->dwHour = tm.tm_hour; t->dwMinute = tm.tm_min; t->dwSecond = tm.tm_sec;
}

static uint32_t rd32(const uint8_t *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); }

/* Media files are shared by path. */
#define MAX_MEDIA 32
static struct { char path[512]; EmuMedia media; } g_media[MAX_MEDIA];
static int g_mediaCount;

static EmuMedia *load_media(const char *path) {
  for (int i = 0; i < g_mediaCount; i++) if (strcmp(g_media[i].path, path) == 0) return &g_media[i].media;
  if (g_mediaCount == MAX_MEDIA) return NULL;
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "dh-emu: cannot open %s\n", path); return NULL; }
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  EmuMedia *m = &g_media[g_mediaCount].media;
  m->data = malloc(len > 0 ? len : 1);
  m->len = fread(m->data, 1, len, f);
  fclose(f);
  m->offsets = malloc(sizeof(size_t) * (m->len / 32 + 1));
  m->count = 0;
  for (size_t p = 0; p + 24 <= m->len && memcmp(m->data + p, "DHAV", 4) == 0;) {
    uint32_t flen = rd32(m->data + p + 12);
    if (flen < 32 || p + flen > m->len) break;
    m->offsets[m->count++] = p;
    p += flen;
  }
  snprintf(g_media[g_mediaCount].path, sizeof g_media[0].path, "%s", path);
  g_mediaCount++;
  return m;
}

static int parse_time(const char *s, int64_t *out) {
  NET_TIME t;
  if (sscanf(s, "%u-%u-%u %u:%u:%u", &t.dwYear, &t.dwMonth, &t.dwDay, &t.dwHour, &t.dwMinute, &t.dwSecond) != 6) return 0;
  *out = emu_wall_ms(&t);
  return 1;
}

/*
 * Lines (# comments):
 *   device <ip> <port> <channels>          following lines apply to it
 *   user <name> <password>
 *   lockout <attempts> <seconds>
 *   live <ch> <main.dav> [sub.dav]          SDK (0-based) channel
 *   record <ch> <YYYY-MM-DD HH:MM:SS> <YYYY-MM-DD HH:MM:SS> <sizeKB> <name> <file.dav>
 *   refuse_live|refuse_playback|refuse_ptz <ch>
 *   refuse_seek | norecord_error
 *   ptzlog <path>      pace <factor>
 */
int emu_load_config(const char *path, EmuConfig *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->pace = 1.0;
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[2048];
  EmuDevice *d = NULL;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    char a[512], b[512], c[512];
    int n1, n2;
    if (line[0] == '#' || line[0] == 0) continue;
    if (sscanf(line, "device %63s %d %d", a, &n1, &n2) == 3 && cfg->deviceCount < MAX_DEVICES) {
      d = &cfg->devices[cfg->deviceCount++];
      snprintf(d->ip, sizeof d->ip, "%s", a);
      d->port = n1; d->channels = n2 > MAX_CHANNELS ? MAX_CHANNELS : n2;
      d->lockAttempts = 5; d->lockSeconds = 1800;
    } else if (d && sscanf(line, "user %63s %63s", a, b) == 2 && d->userCount < MAX_USERS) {
      EmuUser *u = &d->users[d->userCount++];
      snprintf(u->name, sizeof u->name, "%s", a);
      snprintf(u->password, sizeof u->password, "%s", b);
    } else if (d && sscanf(line, "lockout %d %d", &n1, &n2) == 2) {
      d->lockAttempts = n1; d->lockSeconds = n2;
    } else if (d && strncmp(line, "live ", 5) == 0) {
      int k = sscanf(line, "live %d %511s %511s", &n1, a, b);
      if (k >= 2 && n1 >= 0 && n1 < MAX_CHANNELS) {
        d->live[n1] = load_media(a);
        d->liveSub[n1] = k == 3 ? load_media(b) : d->live[n1];
      }
    } else if (d && strncmp(line, "record ", 7) == 0 && d->recordCount < MAX_RECORDS) {
      char t1[64], t2[64], t1b[64], t2b[64];
      unsigned kb;
      if (sscanf(line, "record %d %63s %63s %63s %63s %u %511s %511s", &n1, t1, t1b, t2, t2b, &kb, b, c) == 8) {
        EmuRecord *r = &d->records[d->recordCount];
        char s1[130], s2[130];
        snprintf(s1, sizeof s1, "%s %s", t1, t1b);
        snprintf(s2, sizeof s2, "%s %s", t2, t2b);
        if (parse_time(s1, &r->startMs) && parse_time(s2, &r->stopMs)) {
          r->channel = n1; r->sizeKb = kb;
          snprintf(r->name, sizeof r->name, "%s", b);
          r->media = load_media(c);
          d->recordCount++;
        }
      }
    } else if (d && sscanf(line, "refuse_live %d", &n1) == 1 && n1 >= 0 && n1 < MAX_CHANNELS) d->refuseLive[n1] = 1;
    else if (d && sscanf(line, "refuse_playback %d", &n1) == 1 && n1 >= 0 && n1 < MAX_CHANNELS) d->refusePlayback[n1] = 1;
    else if (d && sscanf(line, "refuse_ptz %d", &n1) == 1 && n1 >= 0 && n1 < MAX_CHANNELS) d->refusePtz[n1] = 1;
    else if (d && strcmp(line, "refuse_seek") == 0) d->refuseSeek = 1;
    else if (d && strcmp(line, "norecord_error") == 0) d->noRecordIsError = 1;
    else if (sscanf(line, "ptzlog %511s", a) == 1) snprintf(cfg->ptzLog, sizeof cfg->ptzLog, "%s", a);
    else if (sscanf(line, "pace %511s", a) == 1) cfg->pace = atof(a) > 0 ? atof(a) : 1.0;
    else fprintf(stderr, "dh-emu: ignored config line: %s\n", line);
  }
  fclose(f);
  return 1;
}

void emu_free_config(EmuConfig *cfg) {
  for (int i = 0; i < g_mediaCount; i++) {
    free(g_media[i].media.data);
    free(g_media[i].media.offsets);
  }
  g_mediaCount = 0;
  memset(cfg, 0, sizeof *cfg);
}
