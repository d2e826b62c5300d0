/* Live and playback sessions: one thread each, delivering SYSHEAD then PS packs at real-time pace. */
#include "emu.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OUT_BASE90 90000LL /* output timeline starts at 1 s */

typedef struct { emu_media *m; int64_t start_ms, stop_ms; } segment;
typedef struct {
  segment segs[1024]; int nsegs;
  int seg, k, i;          /* cursor: segment, loop count inside it, pack index */
  int64_t origin_ms;      /* wall time of output timestamp OUT_BASE90 */
  int64_t sched_mono, sched_wall; /* pack with wall time sched_wall is due at monotonic sched_mono */
} cursor;

static int64_t dur_ms(const emu_media *m) { return m->duration90 / 90; }
static int64_t pack_wall(const cursor *c) {
  const segment *s = &c->segs[c->seg];
  return s->start_ms + (int64_t)c->k * dur_ms(s->m) + (s->m->packs[c->i].scr - s->m->first_scr) / 90;
}
/* Moves the cursor to the key pack at or before `wall` (or the next segment after it); 0 when past the end. */
static int cursor_seek(cursor *c, int64_t wall) {
  for (int j = 0; j < c->nsegs; j++) {
    segment *s = &c->segs[j];
    if (wall >= s->stop_ms) continue;
    int64_t off = wall > s->start_ms ? wall - s->start_ms : 0;
    c->seg = j;
    c->k = (int)(off / dur_ms(s->m));
    c->i = emu_media_key_at(s->m, (off % dur_ms(s->m)) * 90);
    return 1;
  }
  return 0;
}
static int cursor_next(cursor *c) {
  segment *s = &c->segs[c->seg];
  if (++c->i >= s->m->npacks) { c->i = 0; c->k++; }
  if (pack_wall(c) < s->stop_ms) return 1;
  if (++c->seg >= c->nsegs) return 0;
  c->k = 0; c->i = 0;
  return 1;
}

/* Waits until monotonic `due` or an interruption; returns 0 to stop, 1 when due, 2 when woken for a change. */
static int wait_until(emu_session *s, int64_t due) {
  pthread_mutex_lock(&s->mu);
  int r = 1;
  while (!s->stop && !s->seek_pending) {
    int64_t now = emu_now_ms();
    if (now >= due) break;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t ns = ts.tv_nsec + (due - now) * 1000000LL;
    ts.tv_sec += ns / 1000000000LL; ts.tv_nsec = ns % 1000000000LL;
    pthread_cond_timedwait(&s->cv, &s->mu, &ts);
  }
  if (s->stop) r = 0; else if (s->seek_pending) r = 2;
  pthread_mutex_unlock(&s->mu);
  return r;
}

static void deliver(emu_session *s, DWORD type, uint8_t *buf, size_t len) {
  pthread_mutex_lock(&s->mu);
  DataCallBack cb = s->stop ? NULL : s->cb;
  void *pu = s->puser;
  pthread_mutex_unlock(&s->mu);
  if (cb) cb(s->handle, type, buf, (DWORD)len, pu); /* never with a lock held: the callback may block */
}

static int blocked(emu_session *s) {
  pthread_mutex_lock(&g_lock);
  emu_channel *ch = emu_channel_of(s->dev, s->channel);
  int b = s->dev->dropped || (ch && ch->paused);
  pthread_mutex_unlock(&g_lock);
  return b;
}

static void build_segments(emu_session *s, cursor *c) {
  pthread_mutex_lock(&g_lock);
  if (s->kind == 1) {
    emu_channel *ch = emu_channel_of(s->dev, s->channel);
    emu_media *m = ch ? emu_media_get(ch->media) : NULL;
    if (m && m->npacks) { c->segs[0] = (segment){ m, 0, INT64_MAX }; c->nsegs = 1; }
    c->origin_ms = 0;
  } else {
    for (int r = 0; r < g_world.nrecords; r++) { /* records are kept in start order by the config */
      emu_record *rec = &g_world.records[r];
      if (rec->channel != s->channel || rec->stop <= s->begin || rec->start >= s->end) continue;
      emu_media *m = emu_media_get(rec->file);
      if (!m || !m->npacks || c->nsegs >= 1024) continue;
      int64_t stop = (rec->stop < s->end ? rec->stop : s->end) * 1000;
      c->segs[c->nsegs++] = (segment){ m, rec->start * 1000, stop };
    }
    c->origin_ms = s->begin * 1000;
  }
  pthread_mutex_unlock(&g_lock);
}

static void *run(void *arg) {
  emu_session *s = arg;
  cursor *c = calloc(1, sizeof *c);
  build_segments(s, c);
  uint8_t *buf = NULL; size_t cap = 0;
  if (s->kind == 2) { /* playback starts paused until PLAYSTART */
    pthread_mutex_lock(&s->mu);
    while (!s->stop && !s->started) pthread_cond_wait(&s->cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
  }
  int live = s->kind == 1;
  int ok = c->nsegs > 0 && cursor_seek(c, live ? 0 : s->begin * 1000);
  const emu_media *m0 = ok ? c->segs[0].m : NULL;
  if (m0 && m0->has_head) deliver(s, 1, (uint8_t *)m0->head, 40);
  c->sched_mono = emu_now_ms(); c->sched_wall = ok ? pack_wall(c) : 0;
  int64_t last_wall = c->sched_wall;
  while (ok) {
    if (blocked(s)) { /* connection dropped or data stopped: wait, then continue from "now" */
      int64_t t0 = emu_now_ms();
      while (blocked(s) && wait_until(s, emu_now_ms() + 20) == 1) {}
      if (s->stop) break;
      if (s->kind == 2) { if (s->dev->dropped) continue; }
      int64_t paused = emu_now_ms() - t0;
      if (!cursor_seek(c, last_wall + paused)) break;
      if (m0 && m0->has_head) deliver(s, 1, (uint8_t *)m0->head, 40);
      c->sched_mono = emu_now_ms(); c->sched_wall = pack_wall(c);
    }
    pthread_mutex_lock(&s->mu);
    int seek = s->seek_pending; int64_t to = s->seek_to;
    s->seek_pending = 0;
    pthread_mutex_unlock(&s->mu);
    if (seek) {
      if (!cursor_seek(c, to * 1000)) break;
      deliver(s, 16, buf ? buf : (uint8_t *)"", 0); /* NET_DVR_PLAYBACK_NEW_POS */
      c->sched_mono = emu_now_ms(); c->sched_wall = pack_wall(c);
    }
    int64_t wall = pack_wall(c);
    if (wall - last_wall > 2000 || wall < last_wall) { c->sched_mono = emu_now_ms(); c->sched_wall = wall; } /* gap */
    int w = wait_until(s, c->sched_mono + (wall - c->sched_wall));
    if (w == 0) break;
    if (w == 2 || blocked(s)) continue;
    segment *sg = &c->segs[c->seg];
    const emu_pack *p = &sg->m->packs[c->i];
    if (p->len > cap) { cap = p->len; buf = realloc(buf, cap); }
    int64_t out90 = OUT_BASE90 + (wall - c->origin_ms) * 90;
    size_t n = emu_media_rewrite(sg->m, c->i, out90 - p->scr, buf);
    size_t chunk = g_world.chunk_max > 0 ? (size_t)g_world.chunk_max : n;
    for (size_t o = 0; o < n; o += chunk) deliver(s, 2, buf + o, n - o < chunk ? n - o : chunk);
    last_wall = wall;
    if (!live) {
      int64_t span = (s->end - s->begin) * 1000;
      int pos = span > 0 ? (int)((wall - s->begin * 1000) * 100 / span) : 0;
      pthread_mutex_lock(&s->mu);
      if (s->pos != 200) s->pos = pos > 99 ? 99 : (pos < 0 ? 0 : pos);
      pthread_mutex_unlock(&s->mu);
    }
    ok = cursor_next(c);
  }
  if (!live && !s->stop && !s->dev->dropped) {
    pthread_mutex_lock(&s->mu);
    s->pos = 100; s->ended = 1;
    pthread_mutex_unlock(&s->mu);
    deliver(s, 12, buf ? buf : (uint8_t *)"", 0); /* NET_DVR_PLAYBACK_ALLFILEEND */
  }
  free(buf);
  free(c);
  return NULL;
}

void emu_session_start(emu_session *s) {
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, &ca);
  pthread_condattr_destroy(&ca);
  s->thread_started = pthread_create(&s->thread, NULL, run, s) == 0;
}

void emu_session_wake(emu_session *s) {
  pthread_mutex_lock(&s->mu);
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
}

void emu_session_stop(emu_session *s) {
  pthread_mutex_lock(&s->mu);
  s->stop = 1;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  if (s->thread_started) pthread_join(s->thread, NULL);
  s->thread_started = 0;
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->cv);
}
