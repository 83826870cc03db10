import type { CliIo } from '../cli-io';
import type { Cell } from './table';

const COLOURS: Readonly<Record<string, number>> = {
  Completed: 32, // green
  Failed: 31, // red
  Terminated: 35, // magenta
  Suspended: 33, // yellow
  Running: 36, // cyan
  Pending: 90, // grey
};

/** Whether to colour: only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(io: CliIo): boolean {
  return io.isTTY === true && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}

/** A runtime status cell, coloured when the output is a terminal. */
export function statusCell(status: string, colour: boolean): Cell {
  const code = COLOURS[status];
  return colour && code !== undefined ? { text: status, paint: (text) => `\u001b[${code}m${text}\u001b[0m` } : status;
}
