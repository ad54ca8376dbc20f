import type { StoredFile } from '../api/types.js';
import { pathOf } from '../api/client.js';
import { Button } from '../design/Button.js';
import { formatSize } from '../design/format.js';
import { Table, type Column } from '../design/Table.js';

/** Files with download links, sizes and checksums; with delete buttons when `onDelete` is given. */
export function FileTable({ files, onDelete }: { files: StoredFile[]; onDelete?: ((file: StoredFile) => void) | undefined }) {
  const columns: Column<StoredFile>[] = [
    { header: 'File', cell: (f) => <a href={pathOf(f.links.self)} download>{f.key}</a> },
    { header: 'Size', cell: (f) => formatSize(f.size) },
    { header: 'Checksum', cell: (f) => <span className="mono">{f.checksum}</span> },
  ];
  if (onDelete) columns.push({ header: 'Actions', cell: (f) => <Button small variant="danger" aria-label={`Delete ${f.key}`} onClick={() => onDelete(f)}>Delete</Button> });
  return <Table caption="Files" rows={files} rowKey={(f) => f.key} columns={columns} empty="No files yet." />;
}
