import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Query parameters that carry a credential, never written to a log: a token (cap-client may send
 * its token so), and an OpenID Connect callback's single-use authorization code and its state.
 */
const SECRET_PARAMETERS = new Set(['access_token', 'code', 'state']);
// A name stops at `?` too, so no character is scanned from more than one start (linear in the URL).
const PARAMETER = /([?&])([^=&#?]*)=[^&#]*/g;
/** Cheap first test of the query string: without any of these it has no secret parameter. */
const MAY_HOLD_SECRET = /access_token|code|state|%/i;

/** A parameter name as the query parser reads it: percent-escapes decoded (`access%5Ftoken` is a token). */
function parameterName(raw: string): string {
  if (!raw.includes('%')) return raw.toLowerCase();
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** The URL as logged: the values of the secret parameters replaced, everything else as asked. */
export function loggedUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0 || !MAY_HOLD_SECRET.test(url.slice(query))) return url;
  return url.replace(PARAMETER, (whole, separator: string, name: string) =>
    SECRET_PARAMETERS.has(parameterName(name)) ? `${separator}${name}=[redacted]` : whole,
  );
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
