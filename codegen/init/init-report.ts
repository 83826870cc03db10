import type { MergedPackage } from './merge-package-json';
import { SCAFFOLD_SCRIPTS } from './merge-package-json';
import type { ModuleSystem } from './module-system';
import type { PlannedWrite, WriteAction } from './plan-writes';

const VERBS: Record<Exclude<WriteAction, 'conflict'>, string> = {
  create: 'created  ',
  update: 'updated  ',
  overwrite: 'overwrote',
  unchanged: 'unchanged',
};

export const NEXT_STEPS = ['Next steps:', '  npm install', '  npm run build', '  npm start', '  npm test'];

/** What `durable init` tells the user after writing: each file, each script it left alone, next steps. */
export function reportLines(moduleSystem: ModuleSystem, writes: readonly PlannedWrite[], merged: MergedPackage, scripts: Readonly<Record<string, unknown>>): string[] {
  const lines = [`durable init: ${moduleSystem === 'esm' ? 'an ES module' : 'a CommonJS'} app`];
  for (const write of writes) if (write.action !== 'conflict') lines.push(`  ${VERBS[write.action]} ${write.path}`);
  for (const name of merged.keptScripts) {
    lines.push(`  kept script "${name}": ${JSON.stringify(scripts[name])} (--force replaces it with ${JSON.stringify(SCAFFOLD_SCRIPTS[name])})`);
  }
  for (const name of merged.replacedScripts) lines.push(`  replaced script "${name}" with ${JSON.stringify(SCAFFOLD_SCRIPTS[name])}`);
  return [...lines, '', ...NEXT_STEPS];
}

/** Why nothing was written: the files that exist and differ from the scaffold. */
export function conflictLines(conflicts: readonly PlannedWrite[]): string[] {
  return [
    'durable init: nothing was written; these files exist and differ from what it would write:',
    ...conflicts.map((write) => `  ${write.path}`),
    'Move them aside, or run durable init --force to overwrite them.',
  ];
}
