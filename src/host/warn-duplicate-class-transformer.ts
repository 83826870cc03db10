import { createRequire } from 'node:module';
import type { Logger } from '../model/logger';
import { findPackageRoots } from './duplicate-packages';
import { hostLogs } from './host-logs';

/**
 * Warns when more than one copy of class-transformer is loaded. Its decorators record metadata
 * in a store of their own copy, so an `@Exclude()` imported from another copy than the runtime's
 * is silently ignored and the field is stored.
 */
export function warnIfClassTransformerDuplicated(logger: Logger, modulePaths: readonly string[] = loadedModulePaths()): void {
  const roots = findPackageRoots(modulePaths, 'class-transformer');
  if (roots.length > 1) hostLogs.classTransformerDuplicated(logger, { paths: roots });
}

/**
 * The files Node has loaded as CommonJS. Every require function shares one cache, and CommonJS
 * packages imported from ES modules are in it too (class-transformer's `main` is CommonJS).
 */
export function loadedModulePaths(): string[] {
  return Object.keys(createRequire(__filename).cache);
}
