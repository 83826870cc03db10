export type ModuleSystem = 'esm' | 'cjs';

/** package.json's "type" value for a module system. */
export function packageTypeOf(moduleSystem: ModuleSystem): 'module' | 'commonjs' {
  return moduleSystem === 'esm' ? 'module' : 'commonjs';
}

/**
 * The module system of the scaffold: the flag when given; otherwise what an existing package.json
 * already means to Node (no "type" is CommonJS, so the scaffold does not change how existing
 * files load); ESM for a new package.
 */
export function decideModuleSystem(flag: ModuleSystem | undefined, existingPackage: { readonly type?: unknown } | undefined): ModuleSystem {
  if (flag !== undefined) return flag;
  if (existingPackage === undefined) return 'esm';
  return existingPackage.type === 'module' ? 'esm' : 'cjs';
}
