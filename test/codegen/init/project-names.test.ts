import { describe, expect, it } from 'vitest';
import { hubNameFrom, packageNameFrom } from '../../../codegen/init/project-names';

describe('names derived from the folder', () => {
  it.each([
    ['my-app', 'my-app'],
    ['My App', 'my-app'],
    ['.hidden_Thing', 'hidden_thing'],
    ['Ünïcode!', 'unicode'],
    ['___', 'durable-app'],
    ['node_modules', 'durable-app'],
  ])('package name of %j is %j', (folder, expected) => {
    expect(packageNameFrom(folder)).toBe(expected);
  });

  it.each([
    ['my-app', 'MyApp'],
    ['orders_service 2', 'OrdersService2'],
    ['Café', 'Cafe'],
    ['a', 'AppHub'],
    ['42-things', 'AppHub'],
    ['x'.repeat(46), 'AppHub'],
    ['', 'AppHub'],
  ])('hub name of %j is %j', (folder, expected) => {
    expect(hubNameFrom(folder)).toBe(expected);
  });
});
