/* A login to an address the script does not know goes to the network, as the real SDK's would. No dhnetsdk
 * could be obtained, so the codes are this emulator's reading of dhnetsdk.h, not measurements: nothing listening
 * (or no connect within the connect time) → NET_LOGIN_ERROR_NETWORK, nError 9; the peer closes or sends what is
 * not the SDK's protocol → NET_LOGIN_ERROR_NETWORK, nError 9; the peer stays silent for the connect time →
 * NET_LOGIN_ERROR_TIMEOUT, nError 3. The timing follows CLIENT_SetConnectTime, like HCNetSDK's (measured). */
#include "emu.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

static int wait_fd(int fd, short events, int ms) {
  struct pollfd p = { .fd = fd, .events = events };
  int r;
  do r = poll(&p, 1, ms); while (r < 0 && errno == EINTR);
  return r;
}

unsigned emu_network_login(const char *ip, int port, int wait_ms, int *nError) {
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
  *nError = 9;
  if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) return NET_LOGIN_ERROR_NETWORK;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return NET_LOGIN_ERROR_NETWORK;
  unsigned code = NET_LOGIN_ERROR_NETWORK;
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    int err = 0; socklen_t len = sizeof err;
    if (errno != EINPROGRESS || wait_fd(fd, POLLOUT, wait_ms) <= 0) goto out;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err) goto out;
  }
  static const char hello[32] = { (char)0xa0, 0x00, 0x00, 0x60 };
  if (send(fd, hello, sizeof hello, MSG_NOSIGNAL) < 0) goto out;
  if (wait_fd(fd, POLLIN, wait_ms) == 0) { code = NET_LOGIN_ERROR_TIMEOUT; *nError = 3; }
out:
  close(fd);
  return code;
}
