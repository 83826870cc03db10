import { Node } from 'ts-morph';
import type { ts } from 'ts-morph';
import type { DurableDeclarations } from '../scan/durable-declarations';
import type { LoadedProject } from '../scan/load-project';

/** An @Orchestrator class of the scanned files and its `run` method (own or inherited). */
export interface OrchestratorRun {
  readonly className: string;
  readonly run: ts.MethodDeclaration;
}

/** The `run` methods of the classes decorated with durable-ts's @Orchestrator, found through the checker's symbols. */
export function findOrchestratorRuns(loaded: LoadedProject, durable: DurableDeclarations): OrchestratorRun[] {
  return loaded.scanned.flatMap((file) =>
    file.getClasses().flatMap((cls) => {
      if (!cls.getDecorators().some((decorator) => durable.decoratorOf(decorator) === 'Orchestrator')) return [];
      const declaration = cls.getType().getProperty('run')?.getDeclarations()[0];
      if (declaration === undefined || !Node.isMethodDeclaration(declaration) || !declaration.hasBody()) return [];
      return [{ className: cls.getName() ?? 'default', run: declaration.compilerNode }];
    }),
  );
}
