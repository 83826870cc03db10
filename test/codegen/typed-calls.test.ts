import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/fixture-project';

const PROJECT = join(FIXTURES, 'basic');
const CHECKS = join(PROJECT, 'checks', 'typed-calls.ts');
const DIRECTIVE = '// @ts-expect-error';

/** Type-checks the basic fixture (sources, generated expected/ files, checks/), optionally with the expect-error directives disabled. */
function compile(disableDirectives: boolean): ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(PROJECT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (config === undefined) throw new Error('cannot read the fixture tsconfig');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    return disableDirectives && file === CHECKS ? text?.split(DIRECTIVE).join('// (expect-error)') : text;
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  // Only the fixture's own files: durable-ts's sources are checked by the repo's tsconfig.
  const own = program.getSourceFiles().filter((file) => !relative(PROJECT, file.fileName).startsWith('..'));
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
}

function describeDiagnostic(d: ts.Diagnostic): string {
  const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: -1 };
  return `${relative(PROJECT, d.file?.fileName ?? 'tsconfig.json')}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
}

describe('typed calls through the generated typings', () => {
  it('compiles: every @ts-expect-error is needed and every other line is valid', () => {
    expect(compile(false).map(describeDiagnostic)).toEqual([]);
  });

  it('has errors exactly on the lines marked as expected errors', () => {
    const lines = ts.sys.readFile(CHECKS)?.split('\n') ?? [];
    const marked = lines.flatMap((line, i) => (line.trim().startsWith(DIRECTIVE) ? [i + 2] : []));
    expect(marked.length).toBeGreaterThanOrEqual(10);
    const errorLines = new Set(
      compile(true)
        .filter((d) => d.file?.fileName === CHECKS)
        .map((d) => (d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line ?? -1) + 1),
    );
    expect([...errorLines].sort((a, b) => a - b)).toEqual(marked);
  });
});
