import { describe, expect, it } from 'vitest';
import { isDraftId, newDraftId } from '../../src/records/record-ids.js';

describe('draft ids', () => {
  it('are UUIDs version 7 as 32 hexadecimal characters, stamped with the time, whose random bits are never handed out twice', () => {
    const before = Date.now();
    // More ids than the random-byte pool holds at once, so it is refilled along the way.
    const ids = Array.from({ length: 1000 }, () => newDraftId());
    const after = Date.now();
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
      expect(isDraftId(id)).toBe(true);
      const stamp = parseInt(id.slice(0, 12), 16);
      expect(stamp).toBeGreaterThanOrEqual(before);
      expect(stamp).toBeLessThanOrEqual(after);
    }
    // Past the timestamp, 74 random bits: equal ones would mean the same pool bytes were used twice.
    const randomParts = ids.map((id) => id.slice(13));
    expect(new Set(randomParts).size).toBe(ids.length);
  });
});
