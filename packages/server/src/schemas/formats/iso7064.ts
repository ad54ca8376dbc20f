/**
 * ISO 7064 check characters, as used by identifier schemes whose last characters
 * guard against typing mistakes (ORCID uses MOD 11-2, ROR uses MOD 97-10).
 */

/** The MOD 11-2 check character of a string of digits: '0'-'9' or 'X' (for 10). */
export function mod11_2CheckCharacter(digits: string): string {
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** The two-digit MOD 97-10 check number of a non-negative integer, zero-padded. */
export function mod97_10CheckDigits(value: bigint): string {
  return String(98n - ((value * 100n) % 97n)).padStart(2, '0');
}
