import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
/** The sources of the packaged app: an orchestrator, an activity class and an entity, both with injected services. */
export const APP_SOURCES = resolve(__dirname, '../app/src');

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a user's shell: without the variables `npm test` and vitest set for this
 * repository (npm_config_* would point npm at this package; VITEST* would confuse the app's
 * own vitest).
 */
function userEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|VITEST|INIT_CWD$|NODE_OPTIONS$|NODE_ENV$|TEST$|FORCE_COLOR$)/i.test(key)) env[key] = value;
  }
  return { ...env, DURABLE_LOG_LEVEL: 'warn', NO_COLOR: '1', ...extra };
}

/** Runs a command as a user would in `cwd`; never throws on a non-zero exit. */
export function run(command: string, args: readonly string[], cwd: string, extra: Readonly<Record<string, string>> = {}): CommandResult {
  const result = spawnSync(command, [...args], { cwd, env: userEnv(extra), encoding: 'utf8', timeout: 300_000 });
  if (result.error !== undefined) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a long-running command (its own process group, so `stop` ends its children too). */
export function start(command: string, args: readonly string[], cwd: string, extra: Readonly<Record<string, string>> = {}): { child: ChildProcess; output: () => string; stop: () => void } {
  const child = spawn(command, [...args], { cwd, env: userEnv(extra), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = (): void => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  };
  return { child, output: () => output, stop };
}

/** Like `run`, but a non-zero exit is an error that shows what the command printed. */
export function runOk(command: string, args: readonly string[], cwd: string, extra: Readonly<Record<string, string>> = {}): CommandResult {
  const result = run(command, args, cwd, extra);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The version ranges this repository builds with, so the user's tools match the tested ones. */
export function devVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const range = manifest.devDependencies?.[name] ?? manifest.peerDependencies?.[name];
  if (range === undefined) throw new Error(`package.json has no version of ${name}`);
  return `${name}@${range}`;
}

/**
 * A folder outside the repository with the packed tarball installed, as a user's
 * `npm install durable-ts` would, plus the build tools apps use. Apps are created in sub-folders
 * and resolve packages from here, so the slow install (better-sqlite3's native build) happens once.
 */
export function installPackedPackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'durable-user-'));
  const packed = runOk('npm', ['pack', '--pack-destination', root, '--loglevel', 'error'], REPO).stdout.trim().split('\n').pop() ?? '';
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'user-apps', private: true }));
  const tools = ['ts-json-schema-generator', 'ts-morph', 'typescript', '@types/node', 'vitest', 'unplugin-swc', '@swc/core'].map(devVersion);
  runOk('npm', ['install', join(root, packed), ...tools, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], root);
  return root;
}

/** A user's app folder with the packaged-app sources, package.json and tsconfig.json. */
export function createApp(root: string, name: string, packageJson: object, compilerOptions: object): string {
  const dir = join(root, name);
  mkdirSync(dir);
  cpSync(APP_SOURCES, join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, ...packageJson }, null, 2));
  const tsconfig = { compilerOptions: { target: 'ES2022', strict: true, experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, outDir: 'dist', rootDir: 'src', types: ['node'], ...compilerOptions }, include: ['src'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return dir;
}

/** Every file name under `dir`, recursively, relative to it. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}
