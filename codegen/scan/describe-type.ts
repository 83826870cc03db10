import { relative } from 'node:path';
import type { ts } from 'ts-morph';
import { compareText } from '../model/codegen-diagnostic';
import type { TypeImport, TypeText } from '../model/codegen-model';
import { resolveAlias } from './durable-declarations';
import { printType, type ScanContext } from './scan-context';

const IMPORT_TYPE = /import\("([^"]+)"\)\.([A-Za-z_$][\w$]*)/g;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.d.mts', '.d.cts', '/index.ts', '/index.d.ts'];

/**
 * The text of a type for the generated code. The checker prints named types as import types of
 * absolute paths (`import("/abs/file").Name`); they are rewritten to the module the generated
 * code will import them from: `durable-ts` for its own exports, the package for node_modules,
 * else the project file (relative to the project root, with its extension).
 */
export function describeType(scan: ScanContext, type: ts.Type): TypeText {
  const imports = new Map<string, TypeImport>();
  const text = printType(scan, type).replace(IMPORT_TYPE, (_match, path: string, name: string) => {
    const found = moduleOf(scan, path, name);
    imports.set(`${found.module}\0${found.name}`, found);
    return `import("${found.module}").${found.name}`;
  });
  const sorted = [...imports.values()].sort((a, b) => compareText(a.module, b.module) || compareText(a.name, b.name));
  return { text, imports: sorted };
}

function moduleOf(scan: ScanContext, path: string, name: string): TypeImport {
  const file = findSourceFile(scan, path);
  const fileName = file?.fileName ?? path;
  if (file !== undefined && scan.durable.isDurableFile(fileName)) {
    const exported = exportedSymbol(scan, file, name);
    const durableName = exported === undefined ? undefined : scan.durable.exportNameOf(exported);
    if (durableName !== undefined) return { name: durableName, module: 'durable-ts', kind: 'package' };
  }
  const nodeModules = fileName.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) return { name, module: packageName(fileName.slice(nodeModules + '/node_modules/'.length)), kind: 'package' };
  return { name, module: relative(scan.root, fileName).split('\\').join('/'), kind: 'file' };
}

function findSourceFile(scan: ScanContext, path: string): ts.SourceFile | undefined {
  for (const extension of SOURCE_EXTENSIONS) {
    const file = scan.program.getSourceFile(path + extension);
    if (file !== undefined) return file;
  }
  return undefined;
}

function exportedSymbol(scan: ScanContext, file: ts.SourceFile, name: string): ts.Symbol | undefined {
  const moduleSymbol = scan.checker.getSymbolAtLocation(file);
  const symbol = moduleSymbol === undefined ? undefined : scan.checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === name);
  return symbol === undefined ? undefined : resolveAlias(scan.checker, symbol);
}

/** `@types/node/fs.d.ts` → `node`; `@scope/pkg/dist/x.d.ts` → `@scope/pkg`. */
function packageName(pathInNodeModules: string): string {
  const parts = pathInNodeModules.split('/');
  const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '');
  if (!name.startsWith('@types/')) return name;
  const typed = name.slice('@types/'.length);
  return typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
}
