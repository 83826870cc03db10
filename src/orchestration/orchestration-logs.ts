import { logEventAtLevel } from '../model/log-event';

/** Lines the app's orchestrator code writes through `ctx.log` (at the level it chose, never on replay). */
export const orchestrationLogs = {
  appLogWritten: logEventAtLevel<{ instanceId: string; replaying: boolean; [appField: string]: unknown }>({
    name: 'orchestration.app-log.written',
    level: 'caller',
    meaning: "a line the orchestrator wrote with ctx.log (its message and fields are the app's); written once, not on replay",
    fields: { instanceId: 'string', replaying: 'boolean' },
  }),
};
