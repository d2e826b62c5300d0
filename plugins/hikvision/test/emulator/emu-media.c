/* Media files for the emulator: a 40-byte IMKH header followed by MPEG-PS (ISO/IEC 13818-1 §2.5.3), indexed by
 * pack; packs are re-timestamped on the way out so loops and playback ranges have a continuous timeline. */
#include "emu.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static emu_media *cache[32];
static int ncache;
static pthread_mutex_t media_lock = PTHREAD_MUTEX_INITIALIZER;

/* Table 2-33 (pack_header): system_clock_reference_base in bytes 4..8. */
static int64_t read_scr(const uint8_t *p) {
  return ((int64_t)(p[4] & 0x38) << 27) | ((int64_t)(p[4] & 0x03) << 28) | ((int64_t)p[5] << 20) |
         ((int64_t)(p[6] & 0xf8) << 12) | ((int64_t)(p[6] & 0x03) << 13) | ((int64_t)p[7] << 5) | (p[8] >> 3);
}
static void write_scr(uint8_t *p, int64_t v) {
  v &= 0x1ffffffffLL;
  p[4] = (uint8_t)((p[4] & 0xc4) | ((v >> 27) & 0x38) | ((v >> 28) & 0x03));
  p[5] = (uint8_t)(v >> 20);
  p[6] = (uint8_t)((p[6] & 0x04) | ((v >> 12) & 0xf8) | ((v >> 13) & 0x03));
  p[7] = (uint8_t)(v >> 5);
  p[8] = (uint8_t)((p[8] & 0x07) | ((v << 3) & 0xf8));
}
/* Table 2-21 (PES packet): 33-bit PTS/DTS in 5 bytes with marker bits. */
static int64_t read_ts(const uint8_t *p) {
  return ((int64_t)(p[0] & 0x0e) << 29) | ((int64_t)p[1] << 22) | ((int64_t)(p[2] & 0xfe) << 14) | ((int64_t)p[3] << 7) | (p[4] >> 1);
}
static void write_ts(uint8_t *p, int64_t v) {
  v &= 0x1ffffffffLL;
  p[0] = (uint8_t)((p[0] & 0xf1) | ((v >> 29) & 0x0e));
  p[1] = (uint8_t)(v >> 22);
  p[2] = (uint8_t)(((v >> 14) & 0xfe) | 1);
  p[3] = (uint8_t)(v >> 7);
  p[4] = (uint8_t)(((v << 1) & 0xfe) | 1);
}

static int is_pack_start(const uint8_t *d, size_t i, size_t n) {
  return i + 4 <= n && d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1 && d[i + 3] == 0xba;
}

static emu_media *load(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  emu_media *m = calloc(1, sizeof *m);
  m->data = malloc((size_t)size);
  m->size = fread(m->data, 1, (size_t)size, f);
  fclose(f);
  snprintf(m->path, sizeof m->path, "%s", path);
  size_t i = 0;
  if (m->size >= 40 && memcmp(m->data, "IMKH", 4) == 0) { memcpy(m->head, m->data, 40); m->has_head = 1; i = 40; }
  int cap = 256;
  m->packs = malloc(sizeof(emu_pack) * (size_t)cap);
  while (i < m->size && !is_pack_start(m->data, i, m->size)) i++;
  while (i < m->size) {
    size_t j = i + 14;
    while (j < m->size && !is_pack_start(m->data, j, m->size)) j++;
    if (m->npacks == cap) { cap *= 2; m->packs = realloc(m->packs, sizeof(emu_pack) * (size_t)cap); }
    emu_pack *p = &m->packs[m->npacks++];
    p->off = i; p->len = j - i; p->scr = i + 14 <= m->size ? read_scr(m->data + i) : 0; p->key = 0;
    for (size_t k = i + 14; k + 4 <= j; k++)
      if (m->data[k] == 0 && m->data[k + 1] == 0 && m->data[k + 2] == 1 && m->data[k + 3] == 0xbb) { p->key = 1; break; }
    i = j;
  }
  if (m->npacks > 0) {
    m->first_scr = m->packs[0].scr;
    int64_t step = 0;
    for (int k = 1; k < m->npacks; k++) {
      int64_t d = m->packs[k].scr - m->packs[k - 1].scr;
      if (d > 0 && (step == 0 || d < step)) step = d;
    }
    if (step == 0) step = 3600;
    m->duration90 = m->packs[m->npacks - 1].scr - m->first_scr + step;
  }
  return m;
}

emu_media *emu_media_get(const char *path) {
  pthread_mutex_lock(&media_lock);
  emu_media *m = NULL;
  for (int i = 0; i < ncache; i++)
    if (strcmp(cache[i]->path, path) == 0) m = cache[i];
  if (!m && ncache < 32) {
    m = load(path);
    if (m) cache[ncache++] = m;
  }
  pthread_mutex_unlock(&media_lock);
  return m;
}

size_t emu_media_rewrite(const emu_media *m, int i, int64_t delta90, uint8_t *out) {
  const emu_pack *p = &m->packs[i];
  memcpy(out, m->data + p->off, p->len);
  size_t n = p->len;
  if (n < 14) return n;
  write_scr(out, read_scr(out) + delta90);
  size_t pos = 14 + (out[13] & 7);
  while (pos + 6 <= n && out[pos] == 0 && out[pos + 1] == 0 && out[pos + 2] == 1) {
    uint8_t id = out[pos + 3];
    size_t len = ((size_t)out[pos + 4] << 8) | out[pos + 5];
    if (id >= 0xc0 && id <= 0xef && pos + 14 <= n) {
      int flags = out[pos + 7] >> 6;
      if (flags >= 2) write_ts(out + pos + 9, read_ts(out + pos + 9) + delta90);
      if (flags == 3 && pos + 19 <= n) write_ts(out + pos + 14, read_ts(out + pos + 14) + delta90);
    }
    pos += 6 + len;
  }
  return n;
}

int emu_media_key_at(const emu_media *m, int64_t at90) {
  int best = -1, first = -1;
  for (int i = 0; i < m->npacks; i++) {
    if (!m->packs[i].key) continue;
    if (first < 0) first = i;
    if (m->packs[i].scr - m->first_scr <= at90) best = i;
  }
  return best >= 0 ? best : (first >= 0 ? first : 0);
}
