import { DATACITE_MEDIA_TYPE, DCAT_MEDIA_TYPE, JSON_MEDIA_TYPE, MARCXML_MEDIA_TYPE, SCHEMA_ORG_MEDIA_TYPE, TEXTMARC_MEDIA_TYPE } from '@capsule/server/media-types';
import { useState } from 'react';
import { download } from '../api/download.js';
import { Button } from '../design/Button.js';
import { Notice } from '../design/Notice.js';

/** The record formats the server exports for one record, with a name and a file extension each. */
const FORMATS = [
  { label: 'JSON', mediaType: JSON_MEDIA_TYPE, extension: 'json' },
  { label: 'DataCite XML', mediaType: DATACITE_MEDIA_TYPE, extension: 'datacite.xml' },
  { label: 'MARCXML', mediaType: MARCXML_MEDIA_TYPE, extension: 'marc.xml' },
  { label: 'Text MARC', mediaType: TEXTMARC_MEDIA_TYPE, extension: 'mrk' },
  { label: 'schema.org JSON-LD', mediaType: SCHEMA_ORG_MEDIA_TYPE, extension: 'jsonld' },
  { label: 'DCAT JSON-LD', mediaType: DCAT_MEDIA_TYPE, extension: 'dcat.jsonld' },
];

/** One button per export format of a record version. */
export function ExportButtons({ url, basename }: { url: string; basename: string }) {
  const [error, setError] = useState<string>();
  return (
    <div className="stack">
      {error && <Notice tone="error">{error}</Notice>}
      <div className="row" role="group" aria-label="Export formats">
        {FORMATS.map((f) => (
          <Button key={f.label} small onClick={() => void download(url, f.mediaType, `${basename}.${f.extension}`).then(() => setError(undefined), (e: Error) => setError(`${f.label}: ${e.message}`))}>
            {f.label}
          </Button>
        ))}
      </div>
    </div>
  );
}
