import { join } from 'node:path';
import { ts as morphTs } from 'ts-morph';
import type * as TypeScriptModule from 'typescript';
import type { TypeText } from '../model/codegen-model';
import type { LoadedProject } from '../scan/load-project';

const IMPORT_TYPE = /import\("([^"]+)"\)\.([A-Za-z_$][\w$]*)/g;

/** The file the aliases live in: virtual, never written. */
const ALIASES_FILE = '__durable_input_schemas__.ts';

export interface SchemaProgram {
  readonly program: TypeScriptModule.Program;
  /** The alias declarations, in the order of the types given. */
  readonly aliases: readonly TypeScriptModule.TypeAliasDeclaration[];
}

/**
 * A program for the schema generator with one more file that names each input type
 * (`export type DurableInput_3 = OrderRequest__0`). When ts-morph's TypeScript and the generator's
 * are the same minor version (same syntax kinds), the alias file is added to the project codegen
 * already has open, which costs almost nothing; otherwise a program of the generator's own
 * TypeScript is built from the tsconfig with the alias file as its only root.
 */
export function createSchemaProgram(ts: typeof TypeScriptModule, loaded: LoadedProject, types: readonly TypeText[]): SchemaProgram {
  const fileName = join(loaded.root, ALIASES_FILE).split('\\').join('/');
  const text = aliasesText(types, loaded.root);
  const program = sameMinor(ts.version, morphTs.version) ? sharedProgram(loaded, fileName, text) : ownProgram(ts, loaded.tsconfig, fileName, text);
  const file = program.getSourceFile(fileName);
  const aliases = file === undefined ? [] : file.statements.filter((s): s is TypeScriptModule.TypeAliasDeclaration => s.kind === ts.SyntaxKind.TypeAliasDeclaration);
  return { program, aliases };
}

function sameMinor(a: string, b: string): boolean {
  return a.split('.').slice(0, 2).join('.') === b.split('.').slice(0, 2).join('.');
}

/** ts-morph's program with the alias file added in memory (never saved). */
function sharedProgram(loaded: LoadedProject, fileName: string, text: string): TypeScriptModule.Program {
  loaded.project.createSourceFile(fileName, text, { overwrite: true });
  return loaded.project.getProgram().compilerObject as unknown as TypeScriptModule.Program;
}

/** A program of the generator's TypeScript, with the project's options and the alias file as its root. */
function ownProgram(ts: typeof TypeScriptModule, tsconfig: string, fileName: string, text: string): TypeScriptModule.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${tsconfig}`);
  const options: TypeScriptModule.CompilerOptions = { ...parsed.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === fileName ? ts.createSourceFile(name, text, language, true) : getSourceFile(name, language, ...rest));
  host.fileExists = (name) => name === fileName || fileExists(name);
  return ts.createProgram({ rootNames: [fileName], options, host });
}

/**
 * The alias file: each named type is imported under a local name (the generator does not read
 * `import("…")` type nodes), from its absolute path with the extension TypeScript resolves
 * (`.ts` → `.js`); each input type is then one exported alias.
 */
function aliasesText(types: readonly TypeText[], root: string): string {
  const locals = new Map<string, string>();
  const imports: string[] = [];
  const aliases = types.map((type, i) => {
    const kinds = new Map(type.imports.map((entry) => [entry.module, entry.kind]));
    const text = type.text.replace(IMPORT_TYPE, (_match, module: string, name: string) => {
      const key = `${module}\0${name}`;
      let local = locals.get(key);
      if (local === undefined) {
        local = `${name}__${locals.size}`;
        locals.set(key, local);
        imports.push(`import type { ${name} as ${local} } from ${JSON.stringify(kinds.get(module) === 'file' ? absoluteModule(module, root) : module)};\n`);
      }
      return local;
    });
    return `export type DurableInput_${i} = ${text};\n`;
  });
  return imports.join('') + aliases.join('');
}

function absoluteModule(module: string, root: string): string {
  return join(root, module)
    .split('\\')
    .join('/')
    .replace(/(\.d)?\.(ts|tsx|mts|cts)$/, (_m, _d, ext: string) => (ext === 'mts' ? '.mjs' : ext === 'cts' ? '.cjs' : '.js'));
}
