/**
 * The API's `nvr_channel` is the number the NVR's own UI shows; Dahua's SDK counts channels from 0
 * (docs/vendor/dahua-sdk.md §6: Dahua's PTZ demo labels channels 1..N and passes the combo index 0..N-1).
 * `channelBase` is the UI number of the first channel (default 1).
 */
import { badParameter } from '@nvr-pusher/core/contracts';

export function toSdkChannel(nvrChannel: number, channelBase: number, channelCount?: number): number {
  const ch = nvrChannel - channelBase;
  const last = channelCount === undefined ? undefined : channelCount - 1 + channelBase;
  if (!Number.isInteger(nvrChannel) || ch < 0 || (channelCount !== undefined && channelCount > 0 && ch >= channelCount)) {
    throw badParameter('nvr_channel', `channel ${nvrChannel} does not exist on this NVR (channels ${channelBase}..${last ?? '?'})`);
  }
  return ch;
}
