import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One structured log line per request, written when it completes: the request id, what was
 * asked (method, URL, host, peer), the status and the time taken. Fastify's own request logging
 * writes two lines per request (one on arrival), and logging is a large part of what a cached
 * read costs. Errors are logged as fastify logs them.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const entry = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...entry, err: error }, 'request errored');
    else reply.log.info(entry, 'request completed');
  }
}
