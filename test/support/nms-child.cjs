// Runs node-media-server 4 as a separate process for tests: node nms-child.cjs <rtmpPort> <httpPort> <storeDir>
const logger = require('node-media-server/src/core/logger.js');
const NodeMediaServer = require('node-media-server');
const [rtmpPort, httpPort, storeDir] = process.argv.slice(2);
const nms = new NodeMediaServer({
  bind: '127.0.0.1',
  rtmp: { port: Number(rtmpPort), chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 },
  http: { port: Number(httpPort), allow_origin: '*' },
  webadmin: { enable: false },
  store: { path: storeDir },
});
logger.level = process.env.NMS_LOG_LEVEL || 'error';
nms.run();
const stop = () => nms.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
