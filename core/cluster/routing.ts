import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PusherError, StatusCode } from '@nvr-pusher/core/contracts';
import { failure } from '../api/error-reply.js';
import type { ClusterStore } from './cluster-store.js';
import { CLUSTER_FAILURE_CODE, redisTrouble } from './cluster-errors.js';
import { HOP_HEADER, MAX_HOPS, NODE_HEADER, type Forwarder } from './forwarder.js';
import { accountId, type NodeRecord } from './keys.js';
import type { LeaseBook } from './lease-book.js';
import { pickNode } from './node-picker.js';
import type { OwnerCache } from './owner-cache.js';

export interface RoutingDeps {
  nodeId: string;
  store: ClusterStore;
  leases: LeaseBook;
  forwarder: Forwarder;
  owners: OwnerCache;
  hasHandle(handle: number): boolean;
}

const HANDLE = /^[1-9]\d{0,14}$/;
type Target = NodeRecord | 'local';

interface NvrBody { nvr_category: number; nvr_addr: string; nvr_port: number; nvr_user: string }

/** Handle requests: local when the handle is here (no Redis at all), else to the owner Redis names. */
async function handleTarget(req: FastifyRequest, d: RoutingDeps): Promise<Target> {
  const text = (req.params as { play_handle?: string }).play_handle ?? '';
  if (!HANDLE.test(text)) return 'local'; // the route answers 600 naming play_handle
  const handle = Number(text);
  if (d.hasHandle(handle)) return 'local';
  const owner = await d.owners.handleOwner(handle);
  if (!owner || owner === d.nodeId) return 'local'; // 605 from the route
  const node = await d.owners.node(owner);
  if (!node) d.owners.forgetHandle(handle);
  if (!node) throw new PusherError(StatusCode.ERR_NO_PUSHER_FOUND, `no running stream has play_handle ${handle} (its cluster node ${owner} is gone)`);
  return node;
}

/** REAL_STREAM / BACK_STREAM: the NVR account's owner, else the least-loaded node for a new NVR. */
async function nvrTarget(req: FastifyRequest, d: RoutingDeps, failCode: number): Promise<Target> {
  const b = req.body as NvrBody;
  const account = { category: b.nvr_category, addr: b.nvr_addr, port: b.nvr_port, user: b.nvr_user };
  if (d.leases.holds(account)) return 'local';
  const owner = await d.store.leaseOwner(accountId(account));
  if (owner === d.nodeId) return 'local';
  if (owner) {
    const node = await d.owners.node(owner);
    if (node) return node;
  }
  const pick = pickNode(await d.store.nodes(), d.nodeId);
  if (!pick) throw new PusherError(failCode as 603, 'no cluster node can take a new stream: every node carries stream.maxStreams or is draining');
  if (pick.id !== d.nodeId) return pick;
  // Take the lease here: when another node took it first (the same new NVR asked on two nodes at once), go there.
  const holder = await d.leases.claim(account, failCode);
  if (holder === 'ok') return 'local';
  const node = await d.owners.node(holder);
  if (!node) throw new PusherError(failCode as 603, `NVR is being taken by cluster node ${holder}, which does not answer; retry`);
  return node;
}

/**
 * The cluster layer in front of the six endpoints' handlers (which stay as they are): after validation, decide
 * whether this node answers or forwards to the owner. Requests already forwarded MAX_HOPS times are answered here.
 */
export function installRouting(app: FastifyInstance, d: RoutingDeps): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader(NODE_HEADER)) void reply.header(NODE_HEADER, d.nodeId);
    return payload;
  });
  app.addHook('preHandler', async (req, reply) => {
    const endpoint = req.routeOptions.url ?? '';
    const failCode = CLUSTER_FAILURE_CODE[endpoint];
    if (failCode === undefined) return;
    const hop = Number(req.headers[HOP_HEADER]) || 0;
    if (hop >= MAX_HOPS) return;
    let target: Target;
    try {
      target = endpoint.startsWith('/STREAM/') ? await handleTarget(req, d) : await nvrTarget(req, d, failCode);
    } catch (e) {
      const err = e instanceof PusherError ? e : redisTrouble(failCode, e);
      return reply.code(200).send(failure(err.code, err.message));
    }
    if (target === 'local') return;
    return d.forwarder.forward(req, reply, target, hop + 1, failCode);
  });
}
