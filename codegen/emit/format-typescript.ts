import { Project, ts } from 'ts-morph';

/** Formats TypeScript text with the compiler's formatter: 2-space indentation, one final newline. */
export function formatTypeScript(fileName: string, text: string): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(`/${fileName}`, text);
  file.formatText({
    indentSize: 2,
    tabSize: 2,
    convertTabsToSpaces: true,
    ensureNewLineAtEndOfFile: true,
    semicolons: ts.SemicolonPreference.Ignore,
    insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
    insertSpaceAfterOpeningAndBeforeClosingEmptyBraces: false,
  });
  return `${file.getFullText().replace(/\s+$/, '')}\n`;
}
