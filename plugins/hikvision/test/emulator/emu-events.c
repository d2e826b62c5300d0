/* The exception-callback thread: fires NET_DVR_SetExceptionCallBack_V30 events from its own thread, some after
 * a delay (a dropped device coming back). Started by NET_DVR_Init, joined by NET_DVR_Cleanup. */
#include "emu.h"
#include <stdlib.h>
#include <time.h>

typedef struct ev { DWORD type; LONG user, handle; int64_t due; int restore_dev; struct ev *next; } ev;

static pthread_t thread;
static int running, stopping;
static ev *queue;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv;

static void restore(int d) {
  pthread_mutex_lock(&g_lock);
  emu_device *dev = &g_world.devices[d];
  dev->dropped = 0;
  int64_t now = emu_now_ms();
  for (int i = 0; i < EMU_MAX; i++)
    if (g_live[i].used && g_live[i].dev == dev) emu_events_push(0x8015, g_live[i].user, g_live[i].handle, now, -1);
  for (int i = 0; i < EMU_MAX; i++)
    if (g_logins[i].used && g_logins[i].dev == dev) emu_events_push(0x8017, i, -1, now, -1);
  pthread_mutex_unlock(&g_lock);
}

static void *run(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  while (!stopping) {
    int64_t now = emu_now_ms(), next = now + 1000;
    ev **pp = &queue, *due = NULL;
    while (*pp) {
      if ((*pp)->due <= now) { due = *pp; *pp = due->next; break; }
      if ((*pp)->due < next) next = (*pp)->due;
      pp = &(*pp)->next;
    }
    if (due) {
      pthread_mutex_unlock(&mu);
      if (due->restore_dev >= 0) restore(due->restore_dev);
      else {
        pthread_mutex_lock(&g_lock);
        fExceptionCallBack cb = g_exc_cb; void *pu = g_exc_user;
        pthread_mutex_unlock(&g_lock);
        if (cb) cb(due->type, due->user, due->handle, pu); /* no lock held: the callback blocks this thread */
      }
      free(due);
      pthread_mutex_lock(&mu);
      continue;
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t ns = ts.tv_nsec + (next - now) * 1000000LL;
    ts.tv_sec += ns / 1000000000LL; ts.tv_nsec = ns % 1000000000LL;
    pthread_cond_timedwait(&cv, &mu, &ts);
  }
  while (queue) { ev *e = queue; queue = e->next; free(e); }
  pthread_mutex_unlock(&mu);
  return NULL;
}

void emu_events_start(void) {
  if (running) return;
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&cv, &ca);
  pthread_condattr_destroy(&ca);
  stopping = 0;
  running = pthread_create(&thread, NULL, run, NULL) == 0;
}

void emu_events_stop(void) {
  if (!running) return;
  pthread_mutex_lock(&mu);
  stopping = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(thread, NULL);
  pthread_cond_destroy(&cv);
  running = 0;
}

void emu_events_push(DWORD type, LONG user, LONG handle, int64_t due, int restore_dev) {
  ev *e = calloc(1, sizeof *e);
  e->type = type; e->user = user; e->handle = handle; e->due = due; e->restore_dev = restore_dev;
  pthread_mutex_lock(&mu);
  ev **pp = &queue;
  while (*pp) pp = &(*pp)->next; /* FIFO */
  *pp = e;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
}
