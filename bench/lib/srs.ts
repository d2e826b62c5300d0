/**
 * SRS 6 (the production media server) in its own process, from `../shared/tools/srs-6/srs` when that folder
 * exists; otherwise node-media-server in its own process (said once on stderr). Same shape as `startNms`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from '../../test/support/ports.js';
import { startNms, stopChild, type Nms } from './nms.js';
import { REPO_ROOT } from './paths.js';

export const SRS_BIN = path.resolve(REPO_ROOT, '../shared/tools/srs-6/srs');

export type ServerName = 'srs' | 'nms';

export interface MediaServer extends Nms {
  readonly name: ServerName;
}

/** `srs` when the binary is there, else `nms`. */
export function defaultServer(): ServerName {
  return fs.existsSync(SRS_BIN) ? 'srs' : 'nms';
}

export async function startServer(name: ServerName = defaultServer()): Promise<MediaServer> {
  if (name === 'srs' && !fs.existsSync(SRS_BIN)) {
    process.stderr.write(`SRS not found at ${SRS_BIN}: using node-media-server in its own process\n`);
    name = 'nms';
  }
  if (name === 'nms') return { ...(await startNms()), name };
  const rtmpPort = await freePort();
  const apiPort = await freePort();
  const httpPort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-srs-'));
  fs.mkdirSync(path.join(dir, 'html'));
  const conf = path.join(dir, 'srs.conf');
  fs.writeFileSync(conf, [
    `listen 127.0.0.1:${rtmpPort};`, 'max_connections 3000;', 'daemon off;', `pid ${dir}/srs.pid;`,
    'srs_log_tank file;', `srs_log_file ${dir}/srs.log;`, 'srs_log_level warn;',
    `http_api { enabled on; listen 127.0.0.1:${apiPort}; }`,
    `http_server { enabled on; listen 127.0.0.1:${httpPort}; dir ${dir}/html; }`,
    'vhost __defaultVhost__ { http_remux { enabled on; mount [vhost]/[app]/[stream].flv; } }', '',
  ].join('\n'));
  const child = spawn(SRS_BIN, ['-c', conf], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(rtmpPort);
  await waitForPort(httpPort);
  return {
    name: 'srs',
    pid: child.pid!,
    rtmpPort,
    httpPort,
    publishBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    httpFlvUrl: (key) => `http://127.0.0.1:${httpPort}/live/${key}.flv`,
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
