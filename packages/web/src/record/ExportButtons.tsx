import { useState } from 'react';
import { download } from '../api/download.js';
import { Button } from '../design/Button.js';
import { Notice } from '../design/Notice.js';

/** The record formats the server exports (its export-formats table), with a name and a file extension each. */
const FORMATS = [
  { label: 'JSON', mediaType: 'application/json', extension: 'json' },
  { label: 'DataCite XML', mediaType: 'application/vnd.datacite.datacite+xml', extension: 'datacite.xml' },
  { label: 'MARCXML', mediaType: 'application/marcxml+xml', extension: 'marc.xml' },
  { label: 'Text MARC', mediaType: 'text/x-textmarc', extension: 'mrk' },
  { label: 'schema.org JSON-LD', mediaType: 'application/ld+json', extension: 'jsonld' },
  { label: 'DCAT JSON-LD', mediaType: 'application/ld+json; profile="http://www.w3.org/ns/dcat"', extension: 'dcat.jsonld' },
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
