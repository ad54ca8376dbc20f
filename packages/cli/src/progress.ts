/** What a bar counts towards its total: records, or bytes of the input files read so far. */
export type ProgressUnit = 'records' | 'bytes';

/** A one-line progress bar on stderr (only on a terminal) and the closing summary of a bulk command. */
export function progressBar(label: string, total: number, unit: ProgressUnit = 'records') {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  const rate = (n: number) => Math.round(n / Math.max((Date.now() - started) / 1000, 0.001));
  return {
    /** `done` of the total in the bar's unit, and how many records that was. */
    update(done: number, records = done): void {
      if (!tty) return;
      const width = 30;
      const filled = total ? Math.min(width, Math.round((done / total) * width)) : width;
      const position = unit === 'records' ? `${done}/${total}` : `${total ? Math.floor((done / total) * 100) : 100}%, ${records} records`;
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${position} ${rate(records)} records/s`);
    },
    finish(imported: number, skipped: number, failed: number): void {
      if (tty) process.stderr.write('\n');
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(`${label}: ${imported} imported, ${skipped} skipped, ${failed} failed in ${seconds.toFixed(1)} s (${rate(imported)} records/s)\n`);
    },
  };
}
