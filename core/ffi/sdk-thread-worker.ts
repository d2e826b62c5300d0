/** The worker side of `SdkThread`: runs each requested method synchronously, in order, and answers. */
import { parentPort } from 'node:worker_threads';
import { VendorCallError, type Reply, type ReplyError, type Request } from './sdk-thread-protocol.js';

export type SdkMethods = Record<string, (...args: any[]) => unknown>;

function toReplyError(e: unknown): ReplyError {
  if (e instanceof VendorCallError) return { name: e.name, message: e.message, vendor: { fn: e.fn, code: e.code, message: e.sdkMessage, detail: e.detail } };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** Serves `methods` to the main thread. Call once, from the worker module. */
export function serveSdkThread(methods: SdkMethods): void {
  const port = parentPort;
  if (!port) throw new Error('serveSdkThread must run in a worker thread');
  port.on('message', (m: Request) => {
    if (m.id === 0) {
      port.close();
      return;
    }
    let reply: Reply;
    try {
      const fn = Object.hasOwn(methods, m.method) ? methods[m.method] : undefined;
      if (!fn) throw new Error(`unknown SDK thread method ${m.method}`);
      reply = { id: m.id, value: fn(...m.args) };
    } catch (e) {
      reply = { id: m.id, error: toReplyError(e) };
    }
    port.postMessage(reply);
  });
}
