import { isContainer, typeOf, type JsonValue, type JsonType } from './json.js';

/**
 * Converts a value to another JSON type, keeping as much meaning as possible: numbers and booleans parse from
 * their text, a string holding JSON of the target kind is parsed, a scalar becomes a one-element array, an
 * array becomes an object keyed by index (and back).
 */
export function convertType(value: JsonValue, to: JsonType): JsonValue {
  const from = typeOf(value);
  if (from === to) return value;
  switch (to) {
    case 'string':
      return value === null ? '' : isContainer(value) ? JSON.stringify(value) : String(value);
    case 'number':
      return toNumber(value);
    case 'boolean':
      return toBoolean(value);
    case 'null':
      return null;
    case 'array':
      return toArray(value);
    case 'object':
      return toObject(value);
  }
}

function toNumber(value: JsonValue): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const parsed = Number(value.trim());
    return value.trim() !== '' && Number.isFinite(parsed) ? parsed : 0;
  }
  if (Array.isArray(value)) return value.length;
  return 0;
}

function toBoolean(value: JsonValue): boolean {
  if (typeof value === 'string') return !['', 'false', '0', 'no', 'off'].includes(value.trim().toLowerCase());
  if (typeof value === 'number') return value !== 0;
  if (isContainer(value)) return Object.keys(value).length > 0;
  return false;
}

function toArray(value: JsonValue): JsonValue {
  const parsed = parsedJson(value);
  if (Array.isArray(parsed)) return parsed;
  if (value === null) return [];
  if (isContainer(value)) return Object.values(value);
  return [value];
}

function toObject(value: JsonValue): JsonValue {
  const parsed = parsedJson(value);
  if (isContainer(parsed) && !Array.isArray(parsed)) return parsed;
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]));
  if (value === null) return {};
  return { value };
}

function parsedJson(value: JsonValue): JsonValue | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return undefined;
  }
}
