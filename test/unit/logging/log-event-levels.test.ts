import { describe, expect, it } from 'vitest';
import { logEvent } from '../../../src/model/log-event';
import type { Logger } from '../../../src/model/logger';

interface Written {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A logger that records what it is given and enables only the levels named. */
function recordingLogger(enabled: ReadonlySet<string> | undefined): { logger: Logger; written: Written[] } {
  const written: Written[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      written.push({ level, fields, message });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    ...(enabled !== undefined ? { isLevelEnabled: (level: string) => enabled.has(level) } : {}),
  };
  return { logger, written };
}

describe('a declared log event and the logger’s levels', () => {
  let messagesFormatted = 0;
  const stepTaken = logEvent<{ instanceId: string; step: number }>({
    name: 'test.step.taken',
    level: 'debug',
    meaning: 'A step was taken (test event).',
    fields: { instanceId: 'string', step: 'number' },
    message: ({ step }) => {
      messagesFormatted++;
      return `step ${step} taken`;
    },
  });

  it('builds nothing for a level the logger says it drops', () => {
    messagesFormatted = 0;
    const { logger, written } = recordingLogger(new Set(['info', 'warn', 'error']));
    stepTaken(logger, { instanceId: 'a', step: 1 });
    expect(written).toEqual([]);
    expect(messagesFormatted).toBe(0);
  });

  it('writes the line for a level the logger says it writes', () => {
    messagesFormatted = 0;
    const { logger, written } = recordingLogger(new Set(['debug']));
    stepTaken(logger, { instanceId: 'a', step: 2 });
    expect(written).toEqual([{ level: 'debug', fields: { event: 'test.step.taken', instanceId: 'a', step: 2 }, message: 'step 2 taken' }]);
    expect(messagesFormatted).toBe(1);
  });

  it('writes every line to a logger that does not say which levels it writes', () => {
    const { logger, written } = recordingLogger(undefined);
    stepTaken(logger, { instanceId: 'b', step: 3 });
    expect(written.map((w) => w.fields['step'])).toEqual([3]);
  });
});
