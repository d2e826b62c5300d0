import { describe, expect, it } from 'vitest';
import convict from 'convict';
import plugin, { configSchema } from '../src/index.js';

const validate = (options: Record<string, unknown>) => {
  const conf = convict(configSchema as never, { args: [], env: {} });
  conf.load(options);
  conf.validate({ allowed: 'strict' });
  return conf.getProperties() as Record<string, unknown>;
};

describe('native-flv-sink manifest and options', () => {
  it('is a sink plugin of API version 1', () => {
    expect(plugin).toMatchObject({ name: 'native-flv-sink', apiVersion: 1, kind: 'sink' });
  });
  it('defaults validate with convict (strict)', () => {
    expect(validate({})).toEqual({ audio: 'aac', chunkSize: 4096, connectTimeoutMs: 5000, stepTimeoutMs: 5000, maxBufferedBytes: 4 * 1024 * 1024, publishSettleMs: 0 });
  });
  it('refuses bad values and unknown keys', () => {
    expect(() => validate({ audio: 'transcode' })).toThrow(/audio/);
    expect(() => validate({ chunkSize: 64 })).toThrow(/chunkSize/);
    expect(() => validate({ maxBufferedBytes: 1.5 })).toThrow(/maxBufferedBytes/);
    expect(() => validate({ chunksize: 4096 })).toThrow(/chunksize/);
  });
});
