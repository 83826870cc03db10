import { describe, expect, it } from 'vitest';
import { findPackageRoots } from '../../../src/host/duplicate-packages';

describe('findPackageRoots', () => {
  it('finds one root for any number of files of one copy', () => {
    const paths = ['/app/node_modules/class-transformer/cjs/index.js', '/app/node_modules/class-transformer/cjs/decorators/exclude.decorator.js', '/app/src/main.js'];
    expect(findPackageRoots(paths, 'class-transformer')).toEqual(['/app/node_modules/class-transformer/']);
  });

  it('finds a nested second copy by its innermost node_modules', () => {
    const paths = ['/app/node_modules/class-transformer/cjs/index.js', '/app/node_modules/some-lib/node_modules/class-transformer/cjs/index.js'];
    expect(findPackageRoots(paths, 'class-transformer')).toEqual([
      '/app/node_modules/class-transformer/',
      '/app/node_modules/some-lib/node_modules/class-transformer/',
    ]);
  });

  it('ignores packages whose name only ends with the name, and normalises Windows paths', () => {
    const paths = ['/app/node_modules/not-class-transformer/index.js', 'C:\\app\\node_modules\\class-transformer\\cjs\\index.js'];
    expect(findPackageRoots(paths, 'class-transformer')).toEqual(['C:/app/node_modules/class-transformer/']);
  });

  it('finds nothing when the package is not loaded', () => {
    expect(findPackageRoots(['/app/node_modules/tsyringe/dist/cjs/index.js'], 'class-transformer')).toEqual([]);
  });
});
