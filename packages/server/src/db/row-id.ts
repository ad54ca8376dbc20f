/** Generated ids (users, search documents) are 32-bit `integer` columns on PostgreSQL. */
const MAX_ROW_ID = 2 ** 31 - 1;

/**
 * Whether `n` can be a generated id. PostgreSQL refuses to compare its integer columns with a
 * larger bound value (an error, not a miss), so a number from a request is checked first.
 */
export const isRowId = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_ROW_ID;
