import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from './config/schema.js';
import { loadConfig } from './config/load-config.js';
import { createContainer } from './container.js';
import type { LineSink } from './logging/logger.js';
import { Service } from './service-instance.js';

export interface StartOptions {
  /** Config file (JSON/JSON5). */
  file?: string;
  /** Values over the file (tests). */
  overrides?: object;
  env?: NodeJS.ProcessEnv;
  /** Directory plugin paths resolve against when there is no config file (default: working directory). */
  baseDir?: string;
  /** Where log lines go (default stdout). */
  logSink?: LineSink;
}

export interface RunningService {
  readonly config: ServiceConfig;
  readonly app: FastifyInstance;
  /** `http://host:port` the API listens on. */
  readonly url: string;
  readonly service: Service;
  close(): Promise<void>;
}

/** Loads config, plugins and the embedded RTMP server, and starts listening. Throws with a clear message on any startup problem. */
export async function startService(opts: StartOptions = {}): Promise<RunningService> {
  const loaded = loadConfig(opts);
  const container = await createContainer(loaded, opts.logSink);
  const service = container.resolve(Service);
  try {
    const url = await service.listen();
    return { config: loaded.config, app: service.app, url, service, close: () => service.close() };
  } catch (e) {
    await service.close();
    throw e;
  }
}
