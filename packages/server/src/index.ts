export { resolveConfig, type CapsuleConfig, type ConfigInput } from './config/config.js';
export { openCapsule, type Capsule } from './capsule.js';
export { startServer, type RunningServer } from './server.js';
export { buildHttpApp } from './http/app.js';
export { openDatabase, type Database } from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { CapsuleError, isCapsuleError, type FieldError } from './errors/capsule-error.js';
export type { StoredSchema, SchemaInput, JsonSchema } from './schemas/schema-types.js';
