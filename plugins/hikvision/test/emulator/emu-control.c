/* EMU_* exports: the test's handle on the emulator (config, fault injection, leak counters, observed values). */
#include "emu.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API __attribute__((visibility("default")))

static struct { char name[48]; long v; } stats[64];
static int nstats;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

int emu_stat_set(const char *name, long v) {
  pthread_mutex_lock(&stats_lock);
  int i = 0;
  while (i < nstats && strcmp(stats[i].name, name) != 0) i++;
  if (i == nstats && nstats < 64) snprintf(stats[nstats++].name, sizeof stats[0].name, "%s", name);
  if (i < 64) stats[i].v = v;
  pthread_mutex_unlock(&stats_lock);
  return 1;
}

/* Loads the script; refused (0) while logins or sessions are open. */
API int EMU_LoadConfig(const char *path) {
  pthread_mutex_lock(&g_lock);
  int busy = 0;
  for (int i = 0; i < EMU_MAX; i++) busy |= g_live[i].used | g_play[i].used | g_logins[i].used;
  pthread_mutex_unlock(&g_lock);
  return busy ? 0 : emu_load_config(path);
}

/* A value the plugin passed in (e.g. "last_preview_link_mode"), or a counter:
 * "inited", "logins", "live", "playback", "searches", "data_callbacks", "exception_callback", "dropped_devices".
 * -1 if unknown. */
API long EMU_Get(const char *name) {
  long n = 0;
  pthread_mutex_lock(&g_lock);
  if (strcmp(name, "inited") == 0) n = g_inited;
  else if (strcmp(name, "logins") == 0) { for (int i = 0; i < EMU_MAX; i++) n += g_logins[i].used; }
  else if (strcmp(name, "live") == 0) { for (int i = 0; i < EMU_MAX; i++) n += g_live[i].used; }
  else if (strcmp(name, "playback") == 0) { for (int i = 0; i < EMU_MAX; i++) n += g_play[i].used; }
  else if (strcmp(name, "searches") == 0) { for (int i = 0; i < EMU_MAX; i++) n += g_search[i].used; }
  else if (strcmp(name, "data_callbacks") == 0) {
    for (int i = 0; i < EMU_MAX; i++) n += (g_live[i].used && g_live[i].cb) + (g_play[i].used && g_play[i].cb);
  } else if (strcmp(name, "exception_callback") == 0) n = g_exc_cb != NULL;
  else if (strcmp(name, "dropped_devices") == 0) { for (int i = 0; i < g_world.ndevices; i++) n += g_world.devices[i].dropped; }
  else {
    n = -1;
    pthread_mutex_lock(&stats_lock);
    for (int i = 0; i < nstats; i++) if (strcmp(stats[i].name, name) == 0) n = stats[i].v;
    pthread_mutex_unlock(&stats_lock);
  }
  pthread_mutex_unlock(&g_lock);
  return n;
}

/* Fault: the device at addr:port drops every connection; it comes back after down_ms (never if < 0). Fires
 * EXCEPTION_EXCHANGE per login, EXCEPTION_RECONNECT per live stream, EXCEPTION_PLAYBACK per playback. */
API int EMU_DropDevice(const char *addr, int port, int down_ms) {
  pthread_mutex_lock(&g_lock);
  int found = -1;
  for (int i = 0; i < g_world.ndevices; i++)
    if (strcmp(g_world.devices[i].addr, addr) == 0 && g_world.devices[i].port == port) found = i;
  if (found < 0) { pthread_mutex_unlock(&g_lock); return 0; }
  emu_device *d = &g_world.devices[found];
  d->dropped = 1;
  int64_t now = emu_now_ms();
  for (int i = 0; i < EMU_MAX; i++) if (g_logins[i].used && g_logins[i].dev == d) emu_events_push(0x8000, i, -1, now, -1);
  for (int i = 0; i < EMU_MAX; i++) if (g_live[i].used && g_live[i].dev == d) emu_events_push(0x8005, g_live[i].user, i, now, -1);
  for (int i = 0; i < EMU_MAX; i++) if (g_play[i].used && g_play[i].dev == d) {
    pthread_mutex_lock(&g_play[i].mu); g_play[i].pos = 200; pthread_mutex_unlock(&g_play[i].mu);
    emu_events_push(0x8010, g_play[i].user, i, now, -1);
  }
  if (down_ms >= 0) emu_events_push(0, -1, -1, now + down_ms, found);
  pthread_mutex_unlock(&g_lock);
  return 1;
}

/* Fault: live data of a channel stops (paused=1) or flows again (0), with no exception. */
API int EMU_PauseChannel(const char *addr, int port, int channel, int paused) {
  pthread_mutex_lock(&g_lock);
  int ok = 0;
  for (int i = 0; i < g_world.ndevices; i++) {
    emu_device *d = &g_world.devices[i];
    if (strcmp(d->addr, addr) != 0 || d->port != port) continue;
    emu_channel *c = emu_channel_of(d, channel);
    if (c) { c->paused = paused; ok = 1; }
  }
  pthread_mutex_unlock(&g_lock);
  return ok;
}

/* Copies a string the plugin passed to NET_DVR_SetSDKInitCfg: "sdk_path", "libcrypto", "libssl". */
API int EMU_GetString(const char *name, char *out, int cap) {
  const char *v = strcmp(name, "sdk_path") == 0 ? getenv("EMU_SDK_PATH")
                : strcmp(name, "libcrypto") == 0 ? getenv("EMU_LIBCRYPTO")
                : strcmp(name, "libssl") == 0 ? getenv("EMU_LIBSSL") : NULL;
  if (!v || cap <= 0) return 0;
  snprintf(out, (size_t)cap, "%s", v);
  return 1;
}
