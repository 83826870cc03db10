import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../model/logger';

/** What the `durable` command touches of its process: injected, so tests run it in-process. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether stdout is a terminal: tables get status colours only then (and only without NO_COLOR). */
  readonly isTTY?: boolean;
  /**
   * Asks a yes/no question on the terminal; absent when stdin is not a terminal, so a destructive
   * verb without `--yes` refuses instead of waiting for an answer that never comes.
   */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** The fetch of the remote mode (`--url`); defaults to the global one. */
  readonly fetch?: typeof fetch;
  /**
   * Redraws a one-line progress bar in place; given only when stderr is a terminal (elsewhere
   * long operations print their summary only).
   */
  readonly progress?: (line: string) => void;
  /** Standard input and output as streams, for `--in -` / `--out -`; default the process's. */
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** Ends a long-running verb (`serve`) as SIGINT or SIGTERM would; without it those signals do. */
  readonly stopSignal?: AbortSignal;
  /** The logger of a host the CLI runs (`serve`); default the host's own (pino on stdout). */
  readonly logger?: Logger;
  /** The time relative times are measured from; defaults to the system clock. */
  readonly now?: () => number;
}
