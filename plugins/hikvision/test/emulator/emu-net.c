/* Logins to an address the scripted world does not know go to the network, as the real SDK's do, and fail the
 * way the real HCNetSDK 6.1.9.55 failed on loopback (measured, see the plugin README):
 * refused (or no connect within the connect timeout) → 7; the peer sends something that is not the SDK's
 * protocol → 11; the peer closes → 9; the peer stays silent for the connect timeout → 10. */
#include "emu.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int wait_for(int fd, short events, int ms) {
  struct pollfd p = { .fd = fd, .events = events };
  int r;
  do r = poll(&p, 1, ms); while (r < 0 && errno == EINTR);
  return r;
}

DWORD emu_network_login(const char *addr, int port, int wait_ms) {
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
  if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) return 7;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return 7;
  DWORD code = 7;
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    if (errno != EINPROGRESS || wait_for(fd, POLLOUT, wait_ms) <= 0) goto out;
    int err = 0; socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err) goto out;
  }
  /* a login request (content irrelevant: no real device is ever emulated on the network) */
  static const char hello[32] = { 0x00, 0x00, 0x00, 0x20, 0x63 };
  if (send(fd, hello, sizeof hello, MSG_NOSIGNAL) < 0) { code = 9; goto out; }
  int r = wait_for(fd, POLLIN, wait_ms);
  if (r == 0) { code = 10; goto out; }
  char buf[256];
  ssize_t n = r > 0 ? recv(fd, buf, sizeof buf, 0) : -1;
  code = n > 0 ? 11 : 9;
out:
  close(fd);
  return code;
}
