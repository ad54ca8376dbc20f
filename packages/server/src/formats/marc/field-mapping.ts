import type { MarcDataField, MarcSubfield } from './marc-record.js';

/**
 * How a mapped item's MARC field differs from the one its mapping would write by default:
 * another tag or indicators, another subfield order, subfields the mapping has no place for.
 * It is present only when needed, so a typical item reads as plain data, and any field still
 * comes back exactly as it came in.
 */
export interface MarcLayout {
  tag?: string;
  ind1?: string;
  ind2?: string;
  /** Subfield codes in source order. */
  order?: string;
  /** Subfields kept verbatim, each at its position in `order`. */
  other?: (MarcSubfield & { position: number })[];
}

/** A JSON object made from one MARC field. */
export type MappedItem = { marc?: MarcLayout } & Record<string, unknown>;

/** One subfield code's place in a mapped item. `put` says false when the value has no place there (it is then kept verbatim). */
export interface Slot {
  code: string;
  /** The values to write, in the order they were put. */
  get(item: MappedItem): string[];
  put(item: MappedItem, value: string): boolean;
  /** Written whether or not it was read (exactly once). */
  implied?: boolean;
}

/** How one kind of MARC field maps to a JSON object. */
export interface FieldMapping {
  /** The property of the record that holds the item (an array when `many`). */
  property: string;
  many: boolean;
  /** The tag the i-th item is written with by default. */
  tag(index: number): string;
  ind1: string;
  ind2: string;
  /** The tags it may take; `matches`, when given, decides among fields of these tags (else it takes them all). */
  tags: readonly string[];
  matches?(field: MarcDataField): boolean;
  /** Matching fields are read in this order (stable): lower first. */
  rank?(field: MarcDataField): number;
  /** In default write order; one slot per code. */
  slots: Slot[];
}

/** A single string property; a second occurrence has no place. */
export function textSlot(code: string, key: string): Slot {
  return {
    code,
    get: (item) => { const v = item[key]; return typeof v === 'string' ? [v] : []; },
    put: (item, value) => item[key] === undefined && ((item[key] = value), true),
  };
}

/** A list of strings. */
export function textsSlot(code: string, key: string): Slot {
  return {
    code,
    get: (item) => (Array.isArray(item[key]) ? (item[key] as unknown[]).filter((v): v is string => typeof v === 'string') : []),
    put: (item, value) => {
      ((item[key] ??= []) as string[]).push(value);
      return true;
    },
  };
}

/** A subfield whose value is implied by the mapping (such as `$2 DOI`): written once, read once. */
export function fixedSlot(code: string, value: string): Slot {
  const seen = new WeakSet<MappedItem>();
  return {
    code,
    implied: true,
    get: () => [value],
    put: (item, v) => v === value && !seen.has(item) && (seen.add(item), true),
  };
}

export interface Identifier {
  scheme: string;
  value: string;
}

/** An identifier of one scheme in the item's `identifiers` list; a MARC value without the scheme's prefix has no place. */
export function identifierSlot(code: string, scheme: string, prefix = ''): Slot {
  return {
    code,
    get: (item) => ((item.identifiers as Identifier[] | undefined) ?? []).filter((id) => id.scheme === scheme).map((id) => prefix + id.value),
    put: (item, value) => {
      if (!value.startsWith(prefix) || value.length === prefix.length) return false;
      ((item.identifiers ??= []) as Identifier[]).push({ scheme, value: value.slice(prefix.length) });
      return true;
    },
  };
}

function sameSubfields(a: MarcSubfield[], b: MarcSubfield[]): boolean {
  return a.length === b.length && a.every((s, i) => s.code === b[i]!.code && s.value === b[i]!.value);
}

export function sameDataField(a: MarcDataField, b: MarcDataField): boolean {
  return a.tag === b.tag && a.ind1 === b.ind1 && a.ind2 === b.ind2 && sameSubfields(a.subfields, b.subfields);
}

function subfieldsOf(mapping: FieldMapping, item: MappedItem, layout: MarcLayout | undefined): MarcSubfield[] {
  const queues = new Map<string, string[]>(mapping.slots.map((slot) => [slot.code, slot.get(item)]));
  const others = [...(layout?.other ?? [])];
  const out: MarcSubfield[] = [];
  [...(layout?.order ?? '')].forEach((code, position) => {
    const kept = others.findIndex((o) => o.position === position);
    if (kept >= 0) {
      const [o] = others.splice(kept, 1);
      out.push({ code: o!.code, value: o!.value });
      return;
    }
    const value = queues.get(code)?.shift();
    if (value !== undefined) out.push({ code, value });
  });
  // Whatever the order does not place (values added since, or no order at all) follows in slot order.
  for (const [code, values] of queues) for (const value of values) out.push({ code, value });
  for (const o of others) out.push({ code: o.code, value: o.value });
  return out;
}

/** The MARC field of the index-th item of a mapping. */
export function writeField(mapping: FieldMapping, item: MappedItem, index: number): MarcDataField {
  const layout = item.marc;
  return {
    tag: layout?.tag ?? mapping.tag(index),
    ind1: layout?.ind1 ?? mapping.ind1,
    ind2: layout?.ind2 ?? mapping.ind2,
    subfields: subfieldsOf(mapping, item, layout),
  };
}

/** The item a field maps to, with the layout it needs to be written back exactly; undefined if it cannot be (the field is then kept whole). */
export function readField(mapping: FieldMapping, field: MarcDataField, index: number): MappedItem | undefined {
  const item: MappedItem = {};
  const other: NonNullable<MarcLayout['other']> = [];
  const puts = mapping.slots.map(() => 0);
  // The default write is each slot's values in slot order: the field is in it when the slots it fills never go back.
  let inSlotOrder = true;
  let lastSlot = -1;
  field.subfields.forEach((sf, position) => {
    const index = mapping.slots.findIndex((s) => s.code === sf.code);
    if (index < 0 || !mapping.slots[index]!.put(item, sf.value)) {
      other.push({ ...sf, position });
      return;
    }
    puts[index]!++;
    if (index < lastSlot) inSlotOrder = false;
    lastSlot = index;
  });
  const layout: MarcLayout = {};
  if (field.tag !== mapping.tag(index)) layout.tag = field.tag;
  if (field.ind1 !== mapping.ind1) layout.ind1 = field.ind1;
  if (field.ind2 !== mapping.ind2) layout.ind2 = field.ind2;
  const canonical = other.length === 0 && inSlotOrder && mapping.slots.every((slot, i) => !slot.implied || puts[i] === 1);
  if (!canonical) {
    layout.order = field.subfields.map((s) => s.code).join('');
    if (other.length > 0) layout.other = other;
  }
  if (Object.keys(layout).length > 0) item.marc = layout;
  // In the default order the field was just compared; a recorded order is checked by writing it (a code of several characters cannot be recorded).
  return canonical || sameDataField(writeField(mapping, item, index), field) ? item : undefined;
}
