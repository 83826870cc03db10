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
  /** The time relative times are measured from; defaults to the system clock. */
  readonly now?: () => number;
}
