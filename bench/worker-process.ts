import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ScaleOutWorkerArgs, WorkerStats } from './scale-out-protocol';

/** The compiled worker script, next to this file in dist/bench/. */
const WORKER_SCRIPT = join(__dirname, 'scale-out-worker.js');

/** A scale-out worker in a child process (bench/scale-out-worker.ts), driven over stdin/stdout. */
export class WorkerProcess {
  private readonly lines: string[] = [];
  private partial = '';
  private stderr = '';
  private readonly waiters = new Set<() => void>();
  private requests = 0;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    child.stdin?.on('error', () => undefined);
    child.on('exit', () => this.wake());
  }

  static spawn(args: ScaleOutWorkerArgs): WorkerProcess {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [WORKER_SCRIPT, JSON.stringify(args)], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    return new WorkerProcess(child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  describe(): string {
    return `worker ${this.pid} (exit code ${this.child.exitCode}, signal ${this.child.signalCode}; stderr: ${JSON.stringify(this.stderr)})`;
  }

  async waitReady(timeoutMs: number): Promise<void> {
    await this.waitForLine((line) => line.startsWith('ready '), timeoutMs, 'start');
  }

  /** The worker's counters now. */
  async stats(timeoutMs = 10_000): Promise<WorkerStats> {
    const n = ++this.requests;
    this.child.stdin?.write(`stats ${n}\n`);
    const line = await this.waitForLine((l) => l.startsWith(`stats ${n} `), timeoutMs, 'report its counters');
    return JSON.parse(line.slice(`stats ${n} `.length)) as WorkerStats;
  }

  /** Graceful stop (the worker finishes what it runs); SIGKILL if it does not exit in time. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.hasExited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end('stop\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async waitForLine(matches: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let searched = 0;
      const check = (): void => {
        for (; searched < this.lines.length; searched++) {
          const line = this.lines[searched] as string;
          if (matches(line)) return done(() => resolve(line));
        }
        if (this.hasExited) done(() => reject(new Error(`${this.describe()} exited before it could ${what}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${this.describe()} did not ${what} within ${timeoutMs} ms`))), timeoutMs);
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }
}
