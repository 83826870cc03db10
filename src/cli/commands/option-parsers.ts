import { InvalidArgumentError } from 'commander';
import { RUNTIME_STATUSES, type RuntimeStatus } from '../../model/runtime-status';

// Parsers for option values: a bad value is a usage error (exit 2) naming the option and what it accepts.

export function parseJsonOption(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidArgumentError(`expected JSON (e.g. '"Tokyo"' or '{"n":3}'): ${(error as Error).message}`);
  }
}

export function parseDateOption(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date or timestamp such as 2024-05-01 or 2024-05-01T10:30:00Z.');
  return date;
}

/** A page size: 1–1000, as the query APIs accept. */
export function parseTopOption(text: string): number {
  const top = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(top >= 1 && top <= 1000)) throw new InvalidArgumentError('expected a whole number from 1 to 1000.');
  return top;
}

const STATUS_BY_NAME = new Map(RUNTIME_STATUSES.map((status) => [status.toLowerCase(), status]));

/** A comma-separated list of runtime statuses, any case; repeating the option adds to the list. */
export function parseStatusesOption(text: string, previous: readonly RuntimeStatus[] | undefined): RuntimeStatus[] {
  const statuses = [...(previous ?? [])];
  for (const name of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const status = STATUS_BY_NAME.get(name.toLowerCase());
    if (status === undefined) throw new InvalidArgumentError(`'${name}' is not a runtime status; use a comma-separated list of ${RUNTIME_STATUSES.join(', ')}.`);
    if (!statuses.includes(status)) statuses.push(status);
  }
  return statuses;
}
