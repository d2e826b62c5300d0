/* koffi-threads scenario: n detached threads, each calling the registered callback every 40 ms (200 times). */
#include <pthread.h>
#include <unistd.h>
#include <stdlib.h>
typedef void (*cb_t)(int, unsigned char *, int);
static cb_t g_cb;
static void *run(void *a) { int id = (int)(long)a; unsigned char buf[20000]; for (int i = 0; i < 200; i++) { g_cb(id, buf, sizeof buf); usleep(40000); } return NULL; }
__attribute__((visibility("default"))) void start(cb_t cb, int n) { g_cb = cb; for (int i = 0; i < n; i++) { pthread_t t; pthread_create(&t, NULL, run, (void *)(long)i); pthread_detach(t); usleep(2000); } }
