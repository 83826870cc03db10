import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent, Logger } from 'durable-ts';
import type { ChildHostArgs } from './fixtures/child-host';

/** Helpers of the crash tests: temp dirs, the child host process, the activity log, history checks. */

const fixturesDir = join(__dirname, 'fixtures');

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A fresh directory in the OS temp dir; remove it with `removeDir`. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'durable-ts-chaos-'));
}

export function removeDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

/** host.json shared by the killed host and its replacement: short leases, bounded concurrency. */
export function chaosHostJson(dbPath: string): unknown {
  return {
    version: '2.0',
    extensions: {
      durableTask: {
        hubName: 'ChaosHub',
        storageProvider: { type: 'sqlite', path: dbPath },
        maxConcurrentActivityFunctions: 8,
        maxConcurrentOrchestratorFunctions: 4,
        // The replacement host may take the dead host's work items only once their lease expired.
        leaseDurationInSeconds: 2,
        maxQueuePollingInterval: '00:00:00.200',
      },
    },
  };
}

/** Polls `condition` every `intervalMs` until it returns true; fails with `describe()` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (condition()) return;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.describe()}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}

/** Like `waitUntil`, for a condition that has to ask storage (polled every `intervalMs`, default 50). */
export async function waitUntilAsync(
  condition: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string | Promise<string> },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${await options.describe()}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** One line of the activity log: which activity ran, in which process. */
export interface LogEntry {
  readonly index: number;
  readonly pid: number;
}

export function readActivityLog(file: string): LogEntry[] {
  if (!existsSync(file)) return [];
  const entries: LogEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    // A line being appended at the moment of reading may be partial; only whole lines count.
    const match = /^(\d+) (\d+)$/.exec(line);
    if (match) entries.push({ index: Number(match[1]), pid: Number(match[2]) });
  }
  return entries;
}

/** How to start a fixture script in a child process. */
export interface ChildProcessOptions {
  /** Give the child a stdin pipe (for `send`); otherwise its stdin is closed. */
  readonly stdin?: boolean;
  /** Extra environment variables for the child. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * A host in a child process (a script of test/chaos/fixtures run through register-ts.cjs) that a
 * test can kill with SIGKILL, freeze with SIGSTOP and thaw with SIGCONT, and whose stdout it reads.
 */
export class ChildHost {
  private stdout = '';
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  /** The host that starts one instance and works on it (fixtures/child-host.ts). */
  static spawn(args: ChildHostArgs, cwd: string): ChildHost {
    return ChildHost.spawnFixture('child-host.ts', args, cwd);
  }

  /** Runs `node -r register-ts.cjs fixtures/<script> '<args as JSON>'` in `cwd`. */
  static spawnFixture(script: string, args: unknown, cwd: string, options: ChildProcessOptions = {}): ChildHost {
    const env: NodeJS.ProcessEnv = { ...process.env, DURABLE_LOG_LEVEL: 'warn', ...options.env };
    delete env.NODE_OPTIONS; // whatever the test runner put there is not for this process
    const child = spawn(process.execPath, ['-r', join(fixturesDir, 'register-ts.cjs'), join(fixturesDir, script), JSON.stringify(args)], {
      cwd,
      env,
      stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    // A child that died cannot take input; its exit is reported by describe(), not by an EPIPE crash.
    child.stdin?.on('error', () => undefined);
    return new ChildHost(child);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`child host did not spawn; ${this.describe()}`);
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  get signalCode(): NodeJS.Signals | null {
    return this.child.signalCode;
  }

  /** The complete lines the child has written to stdout so far. */
  lines(): string[] {
    const end = this.stdout.lastIndexOf('\n');
    return end < 0 ? [] : this.stdout.slice(0, end).split('\n');
  }

  /** Writes a line to the child's stdin (spawned with `stdin: true`). */
  send(line: string): void {
    if (this.child.stdin === null) throw new Error('this child was spawned without a stdin pipe');
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits until a stdout line matches `pattern` (failing early if the child exits); returns the match. */
  async waitForLine(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
    let found: RegExpExecArray | undefined;
    await waitUntil(
      () => {
        for (const line of this.lines()) {
          const match = pattern.exec(line);
          if (match) {
            found = match;
            return true;
          }
        }
        if (this.hasExited) throw new Error(`the child exited while waiting for ${what}: ${this.describe()}`);
        return false;
      },
      { timeoutMs, describe: () => `${what} (a stdout line matching ${pattern}); ${this.describe()}` },
    );
    return found as RegExpExecArray;
  }

  describe(): string {
    const tail = (text: string): string => (text.length > 4000 ? `…${text.slice(-4000)}` : text);
    return `child ${this.child.pid} exit code ${this.child.exitCode}, signal ${this.child.signalCode}; stdout: ${JSON.stringify(tail(this.stdout))}; stderr: ${JSON.stringify(tail(this.stderr))}`;
  }

  /** SIGSTOP: the process is frozen (no timers, no lease renewals, no I/O) until `resume`. */
  pause(): void {
    if (!this.child.kill('SIGSTOP')) throw new Error(`could not SIGSTOP the child; ${this.describe()}`);
  }

  /** SIGCONT after `pause`. */
  resume(): void {
    if (!this.child.kill('SIGCONT')) throw new Error(`could not SIGCONT the child; ${this.describe()}`);
  }

  /** SIGKILL (no clean-up of any kind in the child; also ends a frozen one), resolving once the process is gone. */
  async kill(): Promise<void> {
    if (this.hasExited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Checks the history of a completed instance of the chaos orchestrators: one ExecutionStarted,
 * one ExecutionCompleted (Completed), `count` TaskScheduled events with distinct eventIds and
 * distinct activity indexes 0..count-1, and exactly one TaskCompleted (with the right result)
 * per TaskScheduled, after it. Returns a list of problems (empty when the history is right), so
 * that a failure shows every problem at once.
 */
export function historyProblems(history: readonly HistoryEvent[], count: number, resultOf: (index: number) => number): string[] {
  const problems: string[] = [];
  const countOf = (type: HistoryEvent['type']): number => history.filter((e) => e.type === type).length;
  if (countOf('ExecutionStarted') !== 1) problems.push(`${countOf('ExecutionStarted')} ExecutionStarted events`);
  const completed = history.filter((e) => e.type === 'ExecutionCompleted');
  if (completed.length !== 1) problems.push(`${completed.length} ExecutionCompleted events`);
  else if (completed[0]?.orchestrationStatus !== 'Completed') problems.push(`ExecutionCompleted with status ${completed[0]?.orchestrationStatus}`);
  if (history[0]?.type !== 'ExecutionStarted' && history[1]?.type !== 'ExecutionStarted') problems.push('history does not begin with ExecutionStarted');

  const scheduledAt = new Map<number, { position: number; index: number }>();
  const indexes = new Set<number>();
  history.forEach((event, position) => {
    if (event.type !== 'TaskScheduled') return;
    if (scheduledAt.has(event.eventId)) problems.push(`TaskScheduled eventId ${event.eventId} appears more than once`);
    const index = (JSON.parse(event.input ?? 'null') as { index?: unknown } | null)?.index;
    if (typeof index !== 'number') problems.push(`TaskScheduled ${event.eventId} has no activity index in its input ${event.input}`);
    else if (indexes.has(index)) problems.push(`activity index ${index} is scheduled more than once`);
    else indexes.add(index);
    scheduledAt.set(event.eventId, { position, index: typeof index === 'number' ? index : -1 });
  });
  if (scheduledAt.size !== count) problems.push(`${scheduledAt.size} distinct TaskScheduled eventIds, expected ${count}`);
  const missingIndexes = range(count).filter((i) => !indexes.has(i));
  if (missingIndexes.length > 0) problems.push(`activity indexes never scheduled: ${missingIndexes.join(', ')}`);

  const outcomes = new Map<number, number>();
  history.forEach((event, position) => {
    if (event.type !== 'TaskCompleted' && event.type !== 'TaskFailed') return;
    const id = event.taskScheduledId;
    outcomes.set(id, (outcomes.get(id) ?? 0) + 1);
    const scheduled = scheduledAt.get(id);
    if (scheduled === undefined) return void problems.push(`${event.type} for unknown taskScheduledId ${id}`);
    if (position < scheduled.position) problems.push(`${event.type} for ${id} comes before its TaskScheduled`);
    if (event.type === 'TaskFailed') return void problems.push(`TaskFailed for ${id}: ${JSON.stringify(event.failureDetails)}`);
    const result: unknown = JSON.parse(event.result ?? 'null');
    if (result !== resultOf(scheduled.index)) problems.push(`TaskCompleted for ${id} (index ${scheduled.index}) has result ${event.result}`);
  });
  for (const id of scheduledAt.keys()) {
    const n = outcomes.get(id) ?? 0;
    if (n !== 1) problems.push(`taskScheduledId ${id} has ${n} TaskCompleted/TaskFailed events`);
  }
  return problems;
}

export function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
