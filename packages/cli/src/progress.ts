/** A one-line progress bar on stderr (only on a terminal) and the closing summary of a bulk command. */
export function progressBar(label: string, total: number) {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  const rate = (n: number) => Math.round(n / Math.max((Date.now() - started) / 1000, 0.001));
  return {
    update(done: number): void {
      if (!tty) return;
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate(done)} records/s`);
    },
    finish(imported: number, failed: number): void {
      if (tty) process.stderr.write('\n');
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(`${label}: ${imported} records in ${seconds.toFixed(1)} s (${rate(imported)} records/s), ${failed} failed\n`);
    },
  };
}
