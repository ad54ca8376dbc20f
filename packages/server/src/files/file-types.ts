import type { ObjectTags } from './object-keys.js';

/** One distinct content, stored once. */
export interface StoredFile {
  id: string;
  sha256: string;
  md5: string;
  size: number;
  /** Where the blob store keeps it. */
  location: string;
}

/** A draft's bucket, or the locked bucket of one published version. */
export interface Bucket {
  id: string;
  recordUuid: string;
  kind: 'draft' | 'version';
  /** Set for a version's bucket. */
  recid: string | null;
  version: number | null;
  locked: boolean;
  created: string;
}

/** A file under a key in a bucket. */
export interface StoredObject {
  bucketId: string;
  key: string;
  versionId: string;
  tags: ObjectTags;
  created: string;
  file: StoredFile;
}

/** A bucket with what is in it, for item formats. */
export interface BucketContents {
  bucket: Bucket;
  objects: StoredObject[];
}
