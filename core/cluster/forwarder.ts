import type { FastifyReply, FastifyRequest } from 'fastify';
import { StatusCode } from '@nvr-pusher/core/contracts';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { inc } from '../metrics/service-metrics.js';
import { failure } from '../api/error-reply.js';
import type { NodeRecord } from './keys.js';
import { httpCall } from './http-call.js';

/** Hop counter of a forwarded request; a node never forwards a request that already made MAX_HOPS hops. */
export const HOP_HEADER = 'x-nvr-pusher-hop';
export const MAX_HOPS = 2;
/** Every answer in cluster mode names the node that produced it (forwarded answers keep the owner's). */
export const NODE_HEADER = 'x-nvr-pusher-node';

const GONE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Sends a request on to the node that owns its NVR or handle, over that node's cluster.advertiseUrl, with the
 * caller's Authorization header and the parsed body (which carries nvr_pwd: node-to-node traffic must stay on a
 * trusted network or behind TLS, docs/scaling.md). The owner's answer goes back unchanged.
 */
export class Forwarder {
  constructor(private readonly nodeId: string, private readonly timeoutMs: number, private readonly metrics?: MetricsRegistry) {}

  async forward(req: FastifyRequest, reply: FastifyReply, node: NodeRecord, hop: number, failCode: number): Promise<FastifyReply> {
    const endpoint = req.routeOptions.url ?? '';
    const headers: Record<string, string> = { [HOP_HEADER]: String(hop), 'x-forwarded-for': req.ip };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    let body: string | undefined;
    if (req.method === 'POST') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    try {
      const res = await httpCall(node.url + req.url, req.method, headers, body, this.timeoutMs);
      inc(this.metrics, 'clusterForwards', { endpoint, outcome: 'answered' });
      void reply.code(res.status).header('content-type', res.headers['content-type'] ?? 'application/json; charset=utf-8');
      const answeredBy = res.headers[NODE_HEADER];
      if (typeof answeredBy === 'string') void reply.header(NODE_HEADER, answeredBy);
      return reply.send(res.body);
    } catch (e) {
      const cause = e as { code?: string };
      const gone = !!cause?.code && GONE.has(cause.code);
      inc(this.metrics, 'clusterForwards', { endpoint, outcome: gone ? 'refused' : 'failed' });
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms (cluster.forwardTimeoutMs)` : (cause?.code ?? (e as Error).message);
      req.log.warn({ node: node.id, endpoint, why }, 'forwarding to a cluster node failed');
      if (gone && endpoint.startsWith('/STREAM/')) {
        const handle = (req.params as { play_handle?: string }).play_handle;
        return reply.code(200).send(failure(StatusCode.ERR_NO_PUSHER_FOUND, `no running stream has play_handle ${handle} (its cluster node ${node.id} does not answer)`));
      }
      const later = gone ? `; if it is dead, its NVRs open on another node once it has been silent for cluster.nodeTtlMs` : '';
      return reply.code(200).send(failure(failCode, `cluster node ${node.id} could not be reached (${why}); retry${later}`));
    }
  }
}
