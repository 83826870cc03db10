import { logEvent } from '../model/log-event';

/** The host's log events (the logger adds `hub`). */
export const hostLogs = {
  started: logEvent<{ storage: string; workerId: string; functions: number; config: object }>({
    name: 'host.lifecycle.started',
    level: 'info',
    meaning: 'durable host started',
    fields: { storage: 'string', workerId: 'string', functions: 'number', config: 'object' },
  }),
  generatedFilesStale: logEvent<{ differences: readonly string[] }>({
    name: 'host.generated-files.stale',
    level: 'warn',
    meaning: 'the generated registration list is older than the decorated classes: run `npx durable codegen` and rebuild',
    fields: { differences: 'string[]' },
    message: (f) =>
      `the generated registration list is older than the decorated classes (${f.differences.join('; ')}): run \`npx durable codegen\` and rebuild`,
  }),
  settingsIgnored: logEvent<{ keys: readonly string[] }>({
    name: 'host.settings.ignored',
    level: 'warn',
    meaning: 'host.json settings of Durable Functions that have no meaning in durable-ts were ignored',
    fields: { keys: 'string[]' },
    message: (f) => `host.json settings of Durable Functions that have no meaning in durable-ts were ignored: ${f.keys.join(', ')}`,
  }),
  stopping: logEvent<Record<never, never>>({
    name: 'host.stop.requested',
    level: 'info',
    meaning: 'durable host stopping: finishing in-flight work',
    fields: {},
  }),
  stopped: logEvent<Record<never, never>>({
    name: 'host.lifecycle.stopped',
    level: 'info',
    meaning: 'durable host stopped',
    fields: {},
  }),
  classTransformerDuplicated: logEvent<{ paths: readonly string[] }>({
    name: 'host.class-transformer.duplicated',
    level: 'warn',
    meaning: "two copies of class-transformer are loaded: entity state may include @Exclude()d fields; import Exclude, Expose, Type and Transform from 'durable-ts'",
    fields: { paths: 'string[]' },
    message: (f) =>
      `two copies of class-transformer are loaded (${f.paths.join(' and ')}); decorators from one copy are invisible ` +
      "to the other, so entity state may include @Exclude()d fields — import Exclude, Expose, Type and Transform from 'durable-ts'",
  }),
};
