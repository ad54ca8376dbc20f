import type { FastifyInstance } from 'fastify';
import { BIBLIOGRAPHIC_RECORD_SCHEMA } from '../formats/marc/bibliographic-record.js';
import { readSingleBibliographicRecord } from '../formats/marc/marc-import.js';
import type { MarcFormat } from '../formats/marc/read-marc.js';
import { MARCXML_MEDIA_TYPE, TEXTMARC_MEDIA_TYPE } from '../formats/media-types.js';

/** The MARC formats a request body may be in, by media type. */
const MARC_BODY_FORMATS: Record<string, MarcFormat> = { [MARCXML_MEDIA_TYPE]: 'marcxml', [TEXTMARC_MEDIA_TYPE]: 'textmarc' };

/**
 * Lets the routes of `app` (an encapsulated plugin: no others) take one MARC record as their
 * body, in MARCXML or TextMARC. The body becomes what a JSON client would have sent: the record's
 * bibliographic-record document naming its schema. Unreadable MARC is 400 with line and column.
 */
export function registerMarcBodies(app: FastifyInstance): void {
  app.addContentTypeParser(Object.keys(MARC_BODY_FORMATS), { parseAs: 'string' }, (request, body, done) => {
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    readSingleBibliographicRecord(body as string, MARC_BODY_FORMATS[mediaType]!).then(
      (metadata) => done(null, { $ana_type: BIBLIOGRAPHIC_RECORD_SCHEMA, ...metadata }),
      (e: Error) => done(e, undefined),
    );
  });
}
