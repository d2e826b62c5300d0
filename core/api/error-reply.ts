import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PusherError, StatusCode } from '@nvr-pusher/core/contracts';
import { validationMessage } from './validation-message.js';

/** The body every endpoint answers with on failure: HTTP 200 and the API status code (old clients read only the body). */
export function failure(code: number, message: string) {
  return { status_code: code, status_message: message };
}

/**
 * The one place errors become responses: PusherError → its code; schema/JSON errors → 600
 * naming the field; body too large → 600; anything else is logged with its stack and answered generically
 * (never a 5xx for a request the service could answer).
 */
export function replyWithError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if ((error as { statusCode?: number }).statusCode === 429 && 'body' in error) {
    void reply.code(429).send((error as { body: unknown }).body); // rate limit (rate-limit.ts): HTTP 429, JSON body
    return;
  }
  if (error instanceof PusherError) {
    if (error.code !== StatusCode.ERR_PARAMETER && error.code !== StatusCode.ERR_NO_PUSHER_FOUND)
      request.log.warn({ code: error.code, vendorCode: error.vendorCode }, error.message);
    void reply.code(200).send(failure(error.code, error.message));
    return;
  }
  const fe = error as FastifyError & { validationContext?: string };
  if (fe.validation) {
    void reply.code(200).send(failure(StatusCode.ERR_PARAMETER, validationMessage(fe.validation, fe.validationContext ?? 'body')));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply.code(200).send(failure(StatusCode.ERR_PARAMETER, 'body: request body is too large'));
    return;
  }
  if (fe.code?.startsWith('FST_ERR_CTP') || fe.statusCode === 400 || fe.statusCode === 415) {
    void reply.code(200).send(failure(StatusCode.ERR_PARAMETER, `body: ${fe.message}`));
    return;
  }
  request.log.error({ err: error }, 'unexpected error');
  void reply.code(200).send(failure(StatusCode.ERR_PARAMETER, `request failed: ${error.message}`));
}
