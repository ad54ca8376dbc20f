import type { BucketContents, StoredObject } from './file-types.js';
import type { AttachedWithSnapshots } from './repository-snapshots.js';

/** A key in a URL path: each segment escaped, the slashes kept. */
export const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/** How item contexts key a published version's bucket. */
export const versionKey = (recid: string, version: number) => `${recid}/${version}`;

export const bucketUrl = (baseUrl: string, bucketId: string) => `${baseUrl}/api/files/${bucketId}`;

/** An object as CAP clients see it: `{bucket, key, size, checksum: "md5:<hex>", version_id, tags, links}`. */
export function objectItem(baseUrl: string, object: StoredObject) {
  const self = `${bucketUrl(baseUrl, object.bucketId)}/${keyPath(object.key)}`;
  return {
    bucket: object.bucketId,
    key: object.key,
    size: object.file.size,
    checksum: `md5:${object.file.md5}`,
    sha256: object.file.sha256,
    version_id: object.versionId,
    tags: object.tags,
    created: object.created,
    links: { self, version: `${self}?versionId=${object.versionId}` },
  };
}

/** `GET {bucket}`. */
export function bucketItem(baseUrl: string, contents: BucketContents & { used: number }, limits: { maxFileSize: number; bucketQuota: number }) {
  const { bucket } = contents;
  return {
    id: bucket.id,
    locked: bucket.locked,
    size: contents.used,
    quota_size: limits.bucketQuota,
    max_file_size: limits.maxFileSize,
    created: bucket.created,
    links: { self: bucketUrl(baseUrl, bucket.id) },
    contents: contents.objects.map((o) => objectItem(baseUrl, o)),
  };
}

/** `GET /api/deposits/{id}/files`: CAP's short listing. */
export function fileListItem(object: StoredObject) {
  return { id: object.versionId, filename: object.key, filesize: object.file.size, checksum: `md5:${object.file.md5}` };
}

/** A repository attached to a draft, as `application/repositories+json` lists it. */
export function repositoryItem(attached: AttachedWithSnapshots) {
  const { repository: r, snapshots } = attached;
  return {
    id: r.id,
    host: r.host,
    owner: r.owner,
    name: r.name,
    branch: r.ref,
    event_type: r.eventType,
    webhook: r.webhook,
    snapshots: snapshots.map((s) => ({ payload: s.payload, created: s.created })),
  };
}

/** `application/repositories+json`: `{webhooks: [...]}`. */
export function repositoriesItem(attached: AttachedWithSnapshots[]) {
  return { webhooks: attached.map(repositoryItem) };
}
