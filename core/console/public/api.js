// Calls the pusher's own API (same origin). With api.token set, asks for the token once (kept for this tab).
const TOKEN_KEY = 'nvr-pusher-token';
let asking;

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
};

function askToken() {
  asking ??= new Promise((resolve) => {
    const dialog = document.getElementById('token-dialog');
    const input = document.getElementById('token-input');
    input.value = '';
    dialog.addEventListener('close', () => {
      asking = undefined;
      token.set(input.value.trim());
      document.getElementById('forget-token').hidden = false;
      resolve();
    }, { once: true });
    dialog.showModal();
  });
  return asking;
}

function headers(body) {
  const h = {};
  if (body !== undefined) h['content-type'] = 'application/json';
  const t = token.get();
  if (t) h.authorization = `Bearer ${t}`;
  return h;
}

/** One API call; answers the JSON body (status_code inside). A 401 asks for the token and retries. */
export async function api(method, path, body, opts = {}) {
  for (;;) {
    const res = await fetch(path, { method, headers: headers(body), body: body === undefined ? undefined : JSON.stringify(body), ...opts });
    if (res.status === 401) {
      await askToken();
      continue;
    }
    return res.json();
  }
}

/** Fire-and-forget call that survives the page closing (STOP on pagehide). */
export function apiOnUnload(method, path) {
  try {
    void fetch(path, { method, headers: headers(), keepalive: true });
  } catch { /* the page is going away */ }
}
