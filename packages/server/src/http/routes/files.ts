import { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { byteSpan } from '../../files/byte-range.js';
import { bucketItem, fileListItem, objectItem, repositoryItem } from '../../files/file-items.js';
import { clientHasCurrent } from '../conditional-request.js';
import { requireBody } from '../json-body.js';

interface BucketParams { bucket: string }
interface ObjectParams extends BucketParams { '*': string }
interface IdParams { id: string }

function declaredLength(request: FastifyRequest): number | undefined {
  const raw = request.headers['content-length'];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** `attachment; filename*=UTF-8''<name>` (RFC 8187): the characters encodeURIComponent keeps but the syntax forbids escaped too. */
function attachment(key: string): string {
  const name = encodeURIComponent(key.split('/').pop()!).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${name}`;
}

/**
 * File buckets (`/api/files/{bucket}[/{key}]`) and a draft's file list. Uploads are raw bodies
 * streamed to storage: no body parser and no body limit apply to them here; the files service
 * enforces the per-file and per-bucket limits.
 */
export const fileRoutes: FastifyPluginAsync = async (app) => {
  const { buckets, repositories, config } = app.capsule;

  app.get<{ Params: IdParams }>('/deposits/:id/files', async (request) => {
    const { objects } = await buckets.ofDraft(request.caller, request.params.id);
    return objects.map(fileListItem);
  });

  app.get<{ Params: BucketParams }>('/files/:bucket', async (request) =>
    bucketItem(config.baseUrl, await buckets.list(request.caller, request.params.bucket), buckets.limits),
  );

  // HEAD is routed here with GET, rather than left to the framework, which would read the whole file to drop it.
  app.route<{ Params: ObjectParams; Querystring: { versionId?: string } }>({
    method: ['GET', 'HEAD'],
    url: '/files/:bucket/*',
    handler: async (request, reply) => {
      const object = await buckets.object(request.caller, request.params.bucket, request.params['*'], request.query.versionId);
      const etag = `"md5:${object.file.md5}"`;
      void reply
        .header('etag', etag)
        .header('accept-ranges', 'bytes')
        .header('content-disposition', attachment(object.key))
        .type('application/octet-stream');
      if (clientHasCurrent(request, etag)) return reply.status(304).send();
      const size = object.file.size;
      // A Range is honoured only while the file is the one the client last saw (If-Range), or always without If-Range.
      const ifRange = request.headers['if-range'];
      let span;
      try {
        span = ifRange === undefined || ifRange === etag ? byteSpan(request.headers.range, size) : undefined;
      } catch (e) {
        void reply.header('content-range', `bytes */${size}`);
        throw e;
      }
      if (span) void reply.status(206).header('content-range', `bytes ${span.start}-${span.end}/${size}`);
      void reply.header('content-length', span ? span.end - span.start + 1 : size);
      return reply.send(request.method === 'HEAD' ? undefined : buckets.read(object, span));
    },
  });

  app.delete<{ Params: ObjectParams }>('/files/:bucket/*', async (request, reply) => {
    await buckets.remove(request.caller, request.params.bucket, request.params['*']);
    return reply.status(204).send();
  });

  app.post<{ Params: IdParams }>('/deposits/:id/actions/upload', async (request, reply) => {
    const snapshot = await repositories.upload(request.caller, request.params.id, requireBody(request.body));
    const [attached] = (await repositories.attachedTo(request.params.id)).filter((a) => a.repository.id === snapshot.repository.id);
    return reply.status(201).send({ ...repositoryItem(attached!), key: snapshot.key, commit: snapshot.commit });
  });

  // Webhook deliveries: the raw body, because its signature is over the exact bytes.
  await app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    hooks.post('/repositories/events', async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return reply.status(202).send(await repositories.receive({ headers: request.headers, body }));
    });
  });

  // Uploads: the raw request stream, whatever its content type.
  await app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null));
    uploads.put<{ Params: ObjectParams }>('/files/:bucket/*', async (request, reply) => {
      try {
        const object = await buckets.put(request.caller, request.params.bucket, request.params['*'], request.raw, {
          contentLength: declaredLength(request),
          tags: request.headers['x-cap-file-tags'] as string | undefined,
          // Read from a socket, each chunk is the parser's copy; an injected request's may be its caller's own buffer.
          releaseChunks: request.raw instanceof IncomingMessage,
        });
        return objectItem(config.baseUrl, object);
      } catch (e) {
        // The body may be partly unread: do not make the connection read the rest of it.
        void reply.header('connection', 'close');
        throw e;
      }
    });
  });
};
