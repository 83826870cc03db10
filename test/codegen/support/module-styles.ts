/** A variant of a fixture project's module settings: compiler option overrides and package.json's "type". */
export interface ModuleSetting {
  readonly name: string;
  readonly compilerOptions: Readonly<Record<string, unknown>>;
  readonly packageType?: 'module' | 'commonjs';
  /** Whether relative imports in generated files carry the `.js` extension. */
  readonly extensions: boolean;
}

/** The settings with golden files, and the folder of the basic fixture that holds them. */
export const GOLDEN_STYLES: readonly (ModuleSetting & { readonly expected: string })[] = [
  { name: 'commonjs with node10 resolution', compilerOptions: {}, extensions: false, expected: 'expected' },
  {
    name: 'nodenext, "type": "module", verbatimModuleSyntax',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', verbatimModuleSyntax: true },
    packageType: 'module',
    extensions: true,
    expected: 'expected-nodenext',
  },
];

/** Every module setting the codegen supports. */
export const MODULE_SETTINGS: readonly ModuleSetting[] = [
  ...GOLDEN_STYLES,
  { name: 'nodenext, "type": "commonjs"', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' }, packageType: 'commonjs', extensions: true },
  { name: 'node16', compilerOptions: { module: 'node16', moduleResolution: 'node16' }, packageType: 'module', extensions: true },
  { name: 'esnext with bundler resolution', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, extensions: false },
  { name: 'preserve with bundler resolution', compilerOptions: { module: 'preserve', moduleResolution: 'bundler' }, extensions: false },
];
