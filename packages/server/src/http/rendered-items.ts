import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerKey } from '../accounts/caller-key.js';
import { VersionedCache } from '../read-cache/versioned-cache.js';

/** One item in the format the client asked for, encoded: what a response sends, and what a cache keeps. */
export interface RenderedItem {
  contentType: string;
  /** UTF-8 bytes, so a cached item is sent without encoding or measuring it again. */
  body: Buffer;
  etag?: string;
}

/** An item's text in a media type, encoded once. */
export function renderedItem(mediaType: string, text: string, etag?: string): RenderedItem {
  return { contentType: `${mediaType}; charset=utf-8`, body: Buffer.from(text), ...(etag !== undefined ? { etag } : {}) };
}

/** How many rendered items (a few KB each) are kept. */
const CAPACITY = 2_000;

/**
 * Rendered answers of an item route, kept until the data changes. An answer depends on the
 * URL, the Accept header and the caller, nothing else, so those three are the key. Only
 * answers are kept: an error is thrown by `render` and found again by the next request.
 */
export class RenderedItems {
  readonly #cache = new VersionedCache<string, RenderedItem>(CAPACITY);

  /** The answer as of the data version the request arrived at. */
  read(request: FastifyRequest, render: () => Promise<RenderedItem>): Promise<RenderedItem> {
    return this.#cache.read(request.dataVersion, `${callerKey(request.caller)}\n${request.headers.accept ?? ''}\n${request.url}`, render);
  }
}

export function sendRendered(reply: FastifyReply, item: RenderedItem): FastifyReply {
  if (item.etag !== undefined) void reply.header('etag', item.etag);
  return reply.type(item.contentType).send(item.body);
}
