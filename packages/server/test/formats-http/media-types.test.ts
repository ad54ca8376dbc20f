import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as mediaTypes from '../../src/formats/media-types.js';
import { ITEM_EXPORT_TYPES, LIST_EXPORT_TYPES } from '../../src/http/export-responses.js';

describe('the media types shared with the web app', () => {
  it('are exactly those the server writes records in: JSON and every export format', () => {
    expect(new Set(Object.values(mediaTypes))).toEqual(new Set([mediaTypes.JSON_MEDIA_TYPE, ...ITEM_EXPORT_TYPES, ...LIST_EXPORT_TYPES]));
  });

  it('hold constants only, so the web app can bundle them without server code', () => {
    const source = fs.readFileSync(new URL('../../src/formats/media-types.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import /m);
    expect(Object.values(mediaTypes).every((v) => typeof v === 'string')).toBe(true);
  });
});
