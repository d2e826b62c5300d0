import fs from 'node:fs';
import path from 'node:path';
import convict from 'convict';
import JSON5 from 'json5';
import { configSchema, customFormats, type ServiceConfig } from './schema.js';

for (const f of customFormats) convict.addFormat(f);

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: ServiceConfig;
  /** Directory plugin paths resolve against (the config file's, or the working directory). */
  baseDir: string;
  /** The file read, if any. */
  file?: string;
}

function parseFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON5.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON5: ${(e as Error).message}`);
  }
}

/**
 * Builds the configuration: schema defaults, then the file (if any), then `overrides` (tests), then env vars
 * (convict applies env last). Unknown keys and invalid values throw ConfigError naming the key.
 */
export function loadConfig(opts: { file?: string; overrides?: object; env?: NodeJS.ProcessEnv; baseDir?: string } = {}): LoadedConfig {
  const conf = convict(configSchema as any, { env: opts.env ?? process.env, args: [] });
  if (opts.file) conf.load(parseFile(opts.file) as object);
  if (opts.overrides) conf.load(opts.overrides);
  try {
    conf.validate({ allowed: 'strict' });
  } catch (e) {
    throw new ConfigError(`invalid configuration${opts.file ? ` in ${opts.file}` : ''}: ${(e as Error).message}`);
  }
  const config = conf.getProperties() as unknown as ServiceConfig;
  if (typeof config.plugins === 'string') config.plugins = JSON.parse(config.plugins);
  return { config, baseDir: opts.file ? path.dirname(path.resolve(opts.file)) : (opts.baseDir ?? process.cwd()), file: opts.file };
}

/** `--config FILE` from argv, else NVR_PUSHER_CONFIG, else undefined. */
export function configFileFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const i = argv.indexOf('--config');
  if (i >= 0) {
    const f = argv[i + 1];
    if (!f) throw new ConfigError('--config needs a file name');
    return f;
  }
  const eq = argv.find((a) => a.startsWith('--config='));
  if (eq) return eq.slice('--config='.length);
  return env.NVR_PUSHER_CONFIG || undefined;
}
