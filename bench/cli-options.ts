import { parseArgs } from 'node:util';

/** The bench's command line. */
export interface CliOptions {
  readonly quick: boolean;
  /** Run only this scenario; every scenario when undefined. */
  readonly scenario?: string;
  /** Measure only this storage provider; both (PostgreSQL when reachable) when undefined. */
  readonly provider?: 'sqlite' | 'postgres';
  /** Run only the Hello Sequence configurations with this many clients (e.g. 1, to profile it). */
  readonly clients?: number;
  /** waiting-instances: start this many instances instead of the profile's count. */
  readonly instances?: number;
  /** host.json localActivityDispatch and eagerStart false on every bench host: starts, activities and results take the queues. */
  readonly queuesOnly: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--scenario <name>] [--provider sqlite|postgres]

  --quick            much smaller counts and no repetitions, a smoke check of a few seconds
                     (skips the slow scenarios unless one is named with --scenario)
  --scenario <name>  run one scenario (see the list below)
  --provider <name>  measure only sqlite or only postgres (default: both; PostgreSQL rows are
                     skipped with a note when the server is unreachable)
  --clients <n>      hello-sequence: run only the closed loop of n clients (1 or 16)
  --instances <n>    waiting-instances: start n instances (default 100,000; 10,000 on PostgreSQL)
  --queues-only      hosts run with localActivityDispatch and eagerStart off (every start, activity and
                     result through the queues), to compare with the default
  --help             show this text

PostgreSQL: DURABLE_PG_URL (default postgres://postgres@127.0.0.1:5432/test), schema durable_bench;
every PostgreSQL host gets a fresh hub, deleted afterwards.`;

/** A command line the bench cannot run: reported with the usage text, without a stack trace. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Parses the bench's arguments; throws CliUsageError on unknown or malformed flags. */
export function parseCliOptions(args: readonly string[]): CliOptions {
  try {
    return parse(args);
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function parse(args: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      quick: { type: 'boolean', default: false },
      scenario: { type: 'string' },
      provider: { type: 'string' },
      clients: { type: 'string' },
      instances: { type: 'string' },
      'queues-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const provider = values.provider;
  if (provider !== undefined && provider !== 'sqlite' && provider !== 'postgres') {
    throw new Error(`--provider must be sqlite or postgres, not '${provider}'`);
  }
  const clients = values.clients === undefined ? undefined : Number(values.clients);
  if (clients !== undefined && !(Number.isInteger(clients) && clients > 0)) {
    throw new Error(`--clients must be a positive integer, not '${values.clients}'`);
  }
  const instances = values.instances === undefined ? undefined : Number(values.instances);
  if (instances !== undefined && !(Number.isInteger(instances) && instances > 0)) {
    throw new Error(`--instances must be a positive integer, not '${values.instances}'`);
  }
  return {
    quick: values.quick === true,
    ...(clients !== undefined ? { clients } : {}),
    ...(instances !== undefined ? { instances } : {}),
    queuesOnly: values['queues-only'] === true,
    help: values.help === true,
    ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
    ...(provider !== undefined ? { provider } : {}),
  };
}
