import type { FastifyReply } from 'fastify';
import { EXPORT_FORMATS } from '../formats/export-formats.js';
import type { ExportItem } from '../formats/record-envelope.js';

/** Media types one record can be exported as (offered after a route's own item formats). */
export const ITEM_EXPORT_TYPES: readonly string[] = EXPORT_FORMATS.filter((f) => f.item).map((f) => f.mediaType);

/** Media types search results can be exported as (offered after the JSON search envelope). */
export const LIST_EXPORT_TYPES: readonly string[] = EXPORT_FORMATS.filter((f) => f.list).map((f) => f.mediaType);

const FORMATS = new Map(EXPORT_FORMATS.map((f) => [f.mediaType, f]));

/**
 * One record in the export format `mediaType`, or undefined when that is not an export format
 * (the route's own formats answer then). A record the format cannot express is refused by the
 * serializer (406, naming what is missing).
 */
export function itemExport(mediaType: string, item: () => ExportItem): string | undefined {
  const write = FORMATS.get(mediaType)?.item;
  return write ? write(item()) : undefined;
}

/** The same for search results: the page's records in the export format. */
export function listExport(mediaType: string, items: () => readonly ExportItem[]): string | undefined {
  const write = FORMATS.get(mediaType)?.list;
  return write ? write(items()) : undefined;
}

/** Sends an export with its media type, in UTF-8. */
export function sendExport(reply: FastifyReply, mediaType: string, body: string): FastifyReply {
  return reply.type(`${mediaType}; charset=utf-8`).send(body);
}
