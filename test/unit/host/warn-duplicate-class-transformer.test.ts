import 'durable-ts';
import { describe, expect, it } from 'vitest';
import { findPackageRoots } from '../../../src/host/duplicate-packages';
import { loadedModulePaths, warnIfClassTransformerDuplicated } from '../../../src/host/warn-duplicate-class-transformer';
import type { Logger } from '../../../src/model/logger';

function recordingLogger(): { logger: Logger; warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  const ignore = (): void => undefined;
  return { warnings, logger: { debug: ignore, info: ignore, error: ignore, warn: (fields) => void warnings.push(fields) } };
}

describe('warnIfClassTransformerDuplicated', () => {
  it('sees the copy of class-transformer that durable-ts loaded, and only one', () => {
    expect(findPackageRoots(loadedModulePaths(), 'class-transformer')).toHaveLength(1);
  });

  it('logs one warning naming both copies', () => {
    const { logger, warnings } = recordingLogger();
    warnIfClassTransformerDuplicated(logger, ['/app/node_modules/class-transformer/cjs/index.js', '/app/node_modules/lib/node_modules/class-transformer/cjs/index.js']);
    expect(warnings).toEqual([
      { event: 'host.class-transformer.duplicated', paths: ['/app/node_modules/class-transformer/', '/app/node_modules/lib/node_modules/class-transformer/'] },
    ]);
  });

  it('says nothing about a single copy', () => {
    const { logger, warnings } = recordingLogger();
    warnIfClassTransformerDuplicated(logger, ['/app/node_modules/class-transformer/cjs/index.js']);
    expect(warnings).toEqual([]);
  });
});
