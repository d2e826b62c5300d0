/** The Dahua SDK binding: the DhSdk interface and its koffi implementation. */
export * from './types.js';
export { KoffiDhSdk } from './koffi-dh-sdk.js';
export { DhError, ec, lastErrorText, loginErrorText } from './error-codes.js';
