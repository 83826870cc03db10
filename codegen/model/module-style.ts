/**
 * How the generated files must write relative imports for the project's module settings.
 * `node16`/`nodenext` resolution needs the output file's extension (`./a.js` for `a.ts`) in ES
 * modules and accepts it in CommonJS ones, so it is always written there; `node10` and `bundler`
 * resolve extensionless specifiers, which is what people write with them.
 */
export interface ModuleStyle {
  readonly relativeExtensions: boolean;
}
