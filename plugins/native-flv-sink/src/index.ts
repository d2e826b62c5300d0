/** native-flv-sink: an in-process FLV muxer + RTMP publisher. One Node process carries hundreds of streams. */
import { definePlugin } from '@nvr-pusher/core/contracts';
import { configSchema, withDefaults, type NativeFlvSinkOptions } from './config.js';
import { NativeFlvSink } from './native-flv-sink.js';

export { NativeFlvSink, NativeFlvSession, type NativeFlvSinkStats } from './native-flv-sink.js';
export { configSchema, withDefaults, type NativeFlvSinkOptions } from './config.js';

export default definePlugin<NativeFlvSinkOptions>({
  name: 'native-flv-sink',
  apiVersion: 1,
  kind: 'sink',
  configSchema,
  create: (ctx) => new NativeFlvSink(withDefaults(ctx.options), ctx.logger),
});
