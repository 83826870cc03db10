import type { CliIo } from '../cli-io';

const WIDTH = 24;

/** A progress bar on stderr when it is a terminal (CliIo.progress), else silent. */
export interface ProgressBar {
  update(done: number): void;
  /** Ends the bar's line. */
  finish(): void;
}

export function progressBar(io: CliIo, label: string, total: number, unit: string): ProgressBar {
  const draw = io.progress;
  if (draw === undefined) return { update() {}, finish() {} };
  let drawn = false;
  return {
    update(done) {
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * WIDTH);
      draw(`${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} ${unit} ${Math.floor(share * 100)}%`);
      drawn = true;
    },
    finish() {
      if (drawn) draw('\n');
    },
  };
}
