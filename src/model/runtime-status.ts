/** The documented runtime statuses of an orchestration instance. */
export const RUNTIME_STATUSES = [
  'Pending',
  'Running',
  'Completed',
  'ContinuedAsNew',
  'Failed',
  'Terminated',
  'Suspended',
] as const;

export type RuntimeStatus = (typeof RUNTIME_STATUSES)[number];

const TERMINAL: ReadonlySet<RuntimeStatus> = new Set<RuntimeStatus>(['Completed', 'Failed', 'Terminated']);

/** Completed, Failed and Terminated instances never run again (unless rewound or restarted). */
export function isTerminalStatus(status: RuntimeStatus): boolean {
  return TERMINAL.has(status);
}

export function isRuntimeStatus(value: unknown): value is RuntimeStatus {
  return typeof value === 'string' && (RUNTIME_STATUSES as readonly string[]).includes(value);
}
