import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Query parameters that carry a credential, never written to a log: a token (cap-client may send
 * its token so), and an OpenID Connect callback's single-use authorization code and its state.
 */
const SECRET_PARAMETERS = ['access_token', 'code', 'state'];
const SECRET_PARAMETER = new RegExp(`([?&](?:${SECRET_PARAMETERS.join('|')})=)[^&#]*`, 'gi');

/** The URL as logged: the values of the secret parameters replaced, everything else as asked. */
export function loggedUrl(url: string): string {
  return url.replace(SECRET_PARAMETER, '$1[redacted]');
}

/**
 * How a request appears in every log line that names it (fastify's own fields), with the URL
 * through `loggedUrl`: a token in the query string would otherwise sit in the logs, readable by
 * whoever reads them, for as long as it is valid.
 */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggedUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

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
