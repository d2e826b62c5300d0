/* Emulator streaming threads: live and playback data at real-time pace, from the emulator's own threads. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "emu.h"

static uint32_t rd32(const uint8_t *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); }

/* Waits until the monotonic deadline, a stop, or a seek. Called with g_mu held. */
static void wait_until(EmuPlay *p, int64_t deadlineMs) {
  while (!p->stop && !p->seekPending) {
    int64_t now = emu_mono_ms();
    if (now >= deadlineMs) return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t ns = ts.tv_nsec + (deadlineMs - now) * 1000000;
    ts.tv_sec += ns / 1000000000;
    ts.tv_nsec = ns % 1000000000;
    pthread_cond_timedwait(&p->cond, &g_mu, &ts);
  }
}

static uint32_t pack_date(int64_t wallMs) {
  NET_TIME t;
  emu_net_time(wallMs, &t);
  return ((t.dwYear - 2000) << 26) | (t.dwMonth << 22) | (t.dwDay << 17) | (t.dwHour << 12) | (t.dwMinute << 6) | t.dwSecond;
}

/* Copies frame i of m into buf with a continuous ms counter and the given date; returns its length. */
static uint32_t frame_copy(const EmuMedia *m, int i, uint8_t **buf, uint32_t *cap, uint16_t ts, uint32_t date) {
  const uint8_t *f = m->data + m->offsets[i];
  uint32_t len = rd32(f + 12);
  if (len > *cap) { *buf = realloc(*buf, len); *cap = len; }
  memcpy(*buf, f, len);
  uint8_t *b = *buf;
  b[16] = date; b[17] = date >> 8; b[18] = date >> 16; b[19] = date >> 24;
  b[20] = ts & 0xff; b[21] = ts >> 8;
  unsigned sum = 0;
  for (int k = 0; k < 23; k++) sum += b[k];
  b[23] = sum & 0xff;
  return len;
}

/* ms between frame i-1 and i in the file (0 for audio after its video; 40 across a loop). */
static int frame_delta(const EmuMedia *m, int i) {
  if (i == 0) return 40;
  int d = ((rd32(m->data + m->offsets[i] + 20) & 0xffff) - (rd32(m->data + m->offsets[i - 1] + 20) & 0xffff) + 0x10000) & 0xffff;
  return d > 1000 ? 40 : d;
}

static int find_record(EmuDevice *d, int ch, int64_t at, int64_t *recStart) {
  int best = -1;
  for (int i = 0; i < d->recordCount; i++) {
    EmuRecord *r = &d->records[i];
    if (r->channel != ch || r->stopMs <= at || !r->media || r->media->count == 0) continue;
    if (best < 0 || r->startMs < d->records[best].startMs) best = i;
  }
  if (best >= 0) *recStart = d->records[best].startMs;
  return best;
}

static void *live_thread(void *arg) {
  EmuPlay *p = arg;
  uint8_t *buf = NULL;
  uint32_t cap = 0;
  uint16_t ts = 0;
  int i = 0;
  pthread_mutex_lock(&g_mu);
  EmuDevice *d = &g_cfg.devices[p->device];
  int64_t deadline = emu_mono_ms();
  while (!p->stop) {
    if (i >= p->media->count) i = 0;
    int delta = frame_delta(p->media, i);
    deadline += delta;
    ts += delta;
    wait_until(p, deadline);
    if (p->stop) break;
    if (d->offline || d->stalled[p->channel]) { i++; continue; }
    fRealDataCallBackEx2 cb = (p->liveFlag & 1) ? p->liveCb : NULL;
    LDWORD user = p->liveUser;
    uint32_t len = frame_copy(p->media, i++, &buf, &cap, ts, pack_date((int64_t)time(NULL) * 1000));
    pthread_mutex_unlock(&g_mu);
    if (cb) cb(p->handle, 0, buf, len, 0, user); /* blocks until the JS side ran it (koffi) */
    pthread_mutex_lock(&g_mu);
  }
  pthread_mutex_unlock(&g_mu);
  free(buf);
  return NULL;
}

static void *playback_thread(void *arg) {
  EmuPlay *p = arg;
  uint8_t *buf = NULL;
  uint32_t cap = 0;
  uint16_t ts = 0;
  int i = 0, ended = 0, rec = -1;
  int64_t pos = p->startMs, recStart = 0, lastPosReport = 0;
  pthread_mutex_lock(&g_mu);
  EmuDevice *d = &g_cfg.devices[p->device];
  int64_t deadline = emu_mono_ms();
  while (!p->stop) {
    if (p->seekPending) {
      pos = p->seekMs;
      p->seekPending = 0;
      rec = -1;
      ended = 0;
      deadline = emu_mono_ms();
    }
    if (ended) { wait_until(p, emu_mono_ms() + 1000); continue; }
    if (rec < 0) {
      rec = find_record(d, p->channel, pos, &recStart);
      if (rec >= 0 && pos < recStart) pos = recStart;
      i = 0; /* each record's media starts with a key frame */
    }
    if (rec < 0 || pos >= p->stopMs) {
      fDownLoadPosCallBack pcb = p->posCb;
      LDWORD user = p->posUser;
      ended = 1;
      pthread_mutex_unlock(&g_mu);
      if (pcb) pcb(p->handle, (DWORD)((p->stopMs - p->startMs) / 1000), -1, user);
      pthread_mutex_lock(&g_mu);
      continue;
    }
    EmuMedia *m = d->records[rec].media;
    if (i >= m->count) i = 0;
    int delta = frame_delta(m, i);
    deadline += (int64_t)(delta / g_cfg.pace);
    wait_until(p, deadline);
    if (p->stop || p->seekPending) continue;
    if (d->offline) continue;
    if (i > 0) pos += delta;
    ts += delta;
    if (pos >= d->records[rec].stopMs) { rec = -1; continue; }
    fDataCallBack cb = p->dataCb;
    fDownLoadPosCallBack pcb = p->posCb;
    LDWORD user = p->dataUser, posUser = p->posUser;
    uint32_t len = frame_copy(m, i++, &buf, &cap, ts, pack_date(pos));
    int report = pos - lastPosReport >= 1000;
    if (report) lastPosReport = pos;
    pthread_mutex_unlock(&g_mu);
    if (cb) cb(p->handle, 0, buf, len, user);
    if (report && pcb) pcb(p->handle, (DWORD)((p->stopMs - p->startMs) / 1000), (int)((pos - p->startMs) / 1000), posUser);
    pthread_mutex_lock(&g_mu);
  }
  pthread_mutex_unlock(&g_mu);
  free(buf);
  return NULL;
}

void emu_play_start(EmuPlay *p) {
  pthread_condattr_t a;
  pthread_condattr_init(&a);
  pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
  pthread_cond_init(&p->cond, &a);
  pthread_condattr_destroy(&a);
  pthread_create(&p->thread, NULL, p->isPlayback ? playback_thread : live_thread, p);
}

void emu_play_join(EmuPlay *p) {
  pthread_mutex_lock(&g_mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->cond);
  pthread_mutex_unlock(&g_mu);
  pthread_join(p->thread, NULL);
  pthread_cond_destroy(&p->cond);
}
