/** An email as accounts are keyed by it: one account however its address is cased or padded. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
