import { sql, type RawBuilder } from 'kysely';

/** A CHECK that a text column holds one of a fixed set of values. */
export function checkIn(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
