import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Tables } from '../db/tables.js';

/**
 * The record ids of the published analyses of one collection whose metadata holds the string
 * `value` under the top-level `key`: for identifiers no search field declares (an open data
 * portal record number). Documents are stored as JSON.stringify writes them, so a substring test
 * for `"key":"value"` skips almost every row before the one JSON parse that decides.
 */
export async function publishedRecidsWhere(db: Kysely<Tables>, dialect: DialectName, schemaName: string, key: string, value: string): Promise<string[]> {
  const member = `%${`${JSON.stringify(key)}:${JSON.stringify(value)}`.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const field = dialect === 'postgres' ? sql<string>`(json::json ->> ${key})` : sql<string>`json_extract(json, ${`$.${JSON.stringify(key)}`})`;
  const rows = await db
    .selectFrom('records')
    .select('recid')
    .where('schema_name', '=', schemaName)
    .where('recid', 'is not', null)
    .where('deleted', 'is', null)
    .where(sql<boolean>`case when json like ${member} escape '\\' then ${field} = ${value} else false end`)
    .execute();
  return rows.map((r) => r.recid!);
}
