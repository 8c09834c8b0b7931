/**
 * Progress for long work: a live line on a terminal, nothing in CI or when output is piped,
 * so logs stay readable.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr) {
  const live = Boolean(stream.isTTY) && !process.env.CI;
  let lastStage = '';
  return {
    update(stage: string, done: number, total: number): void {
      if (!live) return;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (stage !== lastStage && lastStage) stream.write('\n');
      lastStage = stage;
      stream.write(
        `\r  ${stage}: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} (${percent}%)   `
      );
    },
    finish(): void {
      if (live && lastStage) stream.write('\n');
      lastStage = '';
    },
  };
}
