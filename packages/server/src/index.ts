// The HTTP server (Fastify, TLS) is its own entry, '@capsule/server/server': commands that do not
// serve start without loading it.
export { resolveConfig, type CapsuleConfig, type ConfigInput } from './config/config.js';
export { openCapsule, type Capsule } from './capsule.js';
export { openDatabase, type Database } from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { isFileCheckClean, type FileCheckReport } from './files/file-check.js';
export { CapsuleError, isCapsuleError, type FieldError } from './errors/capsule-error.js';
export type { StoredSchema, SchemaInput, JsonSchema } from './schemas/schema-types.js';
export { ALL_SCOPES, type Caller, type User, type Scope } from './accounts/account-types.js';
export type { DepositView } from './records/deposit-view.js';
export { depositItem, recordItem } from './records/presenters.js';
export { peopleIn } from './records/people.js';
export { COLLECTION_ACTIONS, type CollectionAction, type CollectionGrant } from './access/collection-grants.js';
export { importRecords, type ImportItem, type ImportReport } from './records/import-records.js';
export { generateCmsAnalysis } from './synthetic/cms-analysis.js';
export { readBibliographicRecords, type MarcImportEntry } from './formats/marc/marc-import.js';
export { BIBLIOGRAPHIC_RECORD_SCHEMA } from './formats/marc/bibliographic-record.js';
export { OPEN_DATA_SCHEMA } from './records/open-data-bridge.js';
