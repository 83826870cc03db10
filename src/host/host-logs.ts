import type { Logger } from '../model/logger';

/** The host's log events (stable `event` fields; the logger adds `hub`). */
export const hostLogs = {
  started(log: Logger, f: { storage: string; workerId: string; functions: number; config: object }): void {
    log.info({ event: 'host.started', ...f }, 'durable host started');
  },
  generatedFilesStale(log: Logger, f: { differences: readonly string[] }): void {
    log.warn(
      { event: 'host.generated_files_stale', ...f },
      `the generated registration list is older than the decorated classes (${f.differences.join('; ')}): run \`npx durable codegen\` and rebuild`,
    );
  },
  settingsIgnored(log: Logger, f: { keys: readonly string[] }): void {
    log.warn(
      { event: 'host.settings_ignored', ...f },
      `host.json settings of Durable Functions that have no meaning in durable-ts were ignored: ${f.keys.join(', ')}`,
    );
  },
  stopping(log: Logger): void {
    log.info({ event: 'host.stopping' }, 'durable host stopping: finishing in-flight work');
  },
  stopped(log: Logger): void {
    log.info({ event: 'host.stopped' }, 'durable host stopped');
  },
  classTransformerDuplicated(log: Logger, f: { paths: readonly string[] }): void {
    log.warn(
      { event: 'host.class-transformer-duplicated', ...f },
      `two copies of class-transformer are loaded (${f.paths.join(' and ')}); decorators from one copy are invisible ` +
        "to the other, so entity state may include @Exclude()d fields — import Exclude, Expose, Type and Transform from 'durable-ts'",
    );
  },
};
