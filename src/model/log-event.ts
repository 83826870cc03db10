import type { FailureDetails } from './failure-details';
import type { Logger } from './logger';

/** The levels events are declared at (pino's names). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a field holds, for the README table. `error` fields are written as `err` (type, message, stack). */
export type LogFieldKind = 'string' | 'number' | 'boolean' | 'string[]' | 'object' | 'error' | 'payload';

/**
 * Event names: `area.subject.outcome` — three dot-separated lower-case segments, words inside a
 * segment joined by hyphens, the last one saying what happened as a past participle
 * (`orchestration.lease.lost`, `http.request.completed`, `activity.task.timed-out`) or a found
 * state (`host.generated-files.stale`).
 */
export const LOG_EVENT_NAME_RULE = /^[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*$/;

/** One declared log event: what the README table lists and what the helper writes. */
export interface LogEventSpec<F extends object> {
  readonly name: string;
  /** `'caller'`: the call site chooses (only the app's own orchestrator log lines). */
  readonly level: LogLevel | 'caller';
  /** One line saying what happened; also the line's message unless `message` is given. */
  readonly meaning: string;
  readonly fields: { readonly [K in keyof F]-?: LogFieldKind };
  /** A message with details for people reading the line (the fields stay the machine-readable part). */
  readonly message?: (fields: F) => string;
}

/** A declared event, callable: `workerLogs.leaseLost(log, { instanceId, owner })`. */
export interface LogEvent<F extends object> {
  (log: Logger, fields: F): void;
  readonly spec: LogEventSpec<F>;
}

/** A declared event whose level (and message: the app's own lines) the caller gives (`level: 'caller'`). */
export interface LogEventAtLevel<F extends object> {
  (log: Logger, level: LogLevel, fields: F, message?: string): void;
  readonly spec: LogEventSpec<F>;
}

/** Declares an event at a fixed level. Errors go in a field of kind `error`, written as `err`. */
export function logEvent<F extends object>(spec: LogEventSpec<F> & { readonly level: LogLevel }): LogEvent<F> {
  const level = spec.level;
  return Object.assign((log: Logger, fields: F): void => write(log, level, spec, fields), { spec });
}

/** Declares an event whose level is chosen where it is written. */
export function logEventAtLevel<F extends object>(spec: LogEventSpec<F> & { readonly level: 'caller' }): LogEventAtLevel<F> {
  return Object.assign((log: Logger, level: LogLevel, fields: F, message?: string): void => write(log, level, spec, fields, message), { spec });
}

function write<F extends object>(log: Logger, level: LogLevel, spec: LogEventSpec<F>, fields: F, message?: string): void {
  // A level the logger drops (debug, where the tracking events are, by default): build nothing.
  if (log.isLevelEnabled?.(level) === false) return;
  const line: Record<string, unknown> = { event: spec.name };
  const kinds = spec.fields as Readonly<Record<string, LogFieldKind>>;
  // Only declared fields are written (a spread that carries more, a payload say, cannot leak);
  // the app's own lines (`level: 'caller'`) carry the app's fields as they are.
  const open = spec.level === 'caller';
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || (!open && !(key in kinds))) continue;
    if (kinds[key] === 'error') line['err'] = asError(value);
    else line[key] = value;
  }
  log[level](line, message ?? spec.message?.(fields) ?? spec.meaning);
}

/**
 * The value of an `err` field: an Error, so pino's standard `err` serializer writes its type
 * (class name), message, stack and own fields such as `code`. Stored failure details become an
 * Error whose class name is their `errorType`; anything else thrown becomes an Error saying what it was.
 */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (isFailureDetails(value)) return reviveFailure(value);
  const error = new Error(`a non-Error value was thrown: ${typeof value === 'string' ? value : typeof value}`);
  error.stack = undefined;
  return error;
}

function isFailureDetails(value: unknown): value is FailureDetails {
  return typeof value === 'object' && value !== null && typeof (value as FailureDetails).errorType === 'string' && typeof (value as FailureDetails).message === 'string';
}

function reviveFailure(details: FailureDetails): Error {
  // A class named after errorType: pino's serializer takes `type` from the constructor's name.
  const Named = { [details.errorType]: class extends Error {} }[details.errorType] ?? Error;
  const error = new Named(details.message);
  error.name = details.errorType;
  error.stack = details.stackTrace;
  return error;
}
