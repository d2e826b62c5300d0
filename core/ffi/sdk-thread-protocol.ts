/** Messages between `SdkThread` (main thread) and `serveSdkThread` (the SDK's worker thread). */

/** A vendor call failed: the function, the vendor's last error read on the calling thread, its own message. */
export class VendorCallError extends Error {
  constructor(
    readonly fn: string,
    readonly code: number,
    /** The SDK's own text for the code (e.g. `NET_DVR_GetErrorMsg`), when it has one. */
    readonly sdkMessage?: string,
    /** Vendor-specific extras (e.g. attempts left before an account locks). */
    readonly detail?: Record<string, number | string | boolean>,
  ) {
    super(`${fn} failed with vendor error ${code}${sdkMessage ? ` (${sdkMessage})` : ''}`);
    this.name = 'VendorCallError';
  }
}

/** `id` 0 with an empty method asks the worker to exit once the queue is empty. */
export interface Request {
  id: number;
  method: string;
  args: unknown[];
}

export interface ReplyError {
  name: string;
  message: string;
  vendor?: { fn: string; code: number; message?: string; detail?: Record<string, number | string | boolean> };
}

export type Reply = { id: number; value: unknown } | { id: number; error: ReplyError };
