import { relative } from 'node:path';
import { Node, type ClassDeclaration, type Decorator, type SourceFile } from 'ts-morph';
import type { CodegenDiagnostic } from '../model/codegen-diagnostic';
import type { DurableClassModel, DurableEntityModel, DurableFunctionModel } from '../model/codegen-model';
import { resolveDurableDeclarations, type DurableDeclarations, type DurableDecoratorName } from './durable-declarations';
import type { LoadedProject } from './load-project';
import { scanActivities, type ActivityMember } from './scan-activities';
import { diagnosticAt, type ScanContext } from './scan-context';
import { scanEntity } from './scan-entity';
import { scanOrchestrator } from './scan-orchestrator';

export interface ProjectScan {
  readonly functions: DurableFunctionModel[];
  readonly entities: DurableEntityModel[];
  readonly classes: DurableClassModel[];
  readonly diagnostics: CodegenDiagnostic[];
}

/** Finds the classes decorated with durable-ts's decorators in the scanned files. Read-only. */
export function scanProject(loaded: LoadedProject): ProjectScan {
  const out: ProjectScan = { functions: [], entities: [], classes: [], diagnostics: [] };
  const durable = resolveDurableDeclarations(loaded.project, loaded.root);
  if (durable === undefined) {
    out.diagnostics.push(durableNotFound(loaded));
    return out;
  }
  const scan: ScanContext = {
    program: loaded.project.getProgram().compilerObject,
    checker: loaded.project.getTypeChecker().compilerObject,
    root: loaded.root,
    durable,
  };
  for (const file of loaded.scanned) {
    for (const cls of file.getClasses()) scanClass(scan, file, cls, out);
  }
  return out;
}

/** The diagnostic when the project cannot import `durable-ts` (nothing can be recognised then). */
export function durableNotFound(loaded: LoadedProject): CodegenDiagnostic {
  const message = "the module 'durable-ts' cannot be resolved from this project; install it or map it in compilerOptions.paths";
  return { rule: 'durable-ts-not-found', message, file: loaded.tsconfig, line: 1, column: 1 };
}

function scanClass(scan: ScanContext, file: SourceFile, cls: ClassDeclaration, out: ProjectScan): void {
  const kinds = classDecorators(scan.durable, cls);
  const activityMembers = findActivityMembers(scan.durable, cls);
  const first = kinds[0];
  if (first === undefined) {
    const stray = activityMembers[0];
    if (stray !== undefined) {
      const message = `@Activity is used in class ${cls.getName() ?? 'default'}, which has no @Activities(); add @Activities() to the class`;
      out.diagnostics.push(diagnosticAt(stray.decorator, 'activity-without-activities', message));
    }
    return;
  }
  const className = cls.getName();
  if (className === undefined || !cls.isExported() || cls.isDefaultExport()) {
    const message = `the @${first.kind} class ${className ?? '(anonymous)'} must be a named export (export class ${className ?? 'Name'}) so the generated registration list can import it`;
    out.diagnostics.push(diagnosticAt(cls.getNameNode() ?? cls, 'class-not-exported', message));
    return;
  }
  out.classes.push({ className, file: relative(scan.root, file.getFilePath()).split('\\').join('/'), decorator: first.kind });
  for (const { kind, decorator } of kinds) {
    if (kind === 'Entity') {
      const scanned = scanEntity(scan, cls, decorator);
      out.entities.push(...scanned.entities);
      out.diagnostics.push(...scanned.diagnostics);
      continue;
    }
    const scanned =
      kind === 'Orchestrator' ? scanOrchestrator(scan, cls, decorator) : kind === 'Activities' ? scanActivities(scan, cls, activityMembers) : undefined;
    if (scanned === undefined) continue;
    out.functions.push(...scanned.functions);
    out.diagnostics.push(...scanned.diagnostics);
  }
}

function classDecorators(durable: DurableDeclarations, cls: ClassDeclaration): { kind: DurableDecoratorName; decorator: Decorator }[] {
  return cls.getDecorators().flatMap((decorator) => {
    const kind = durable.decoratorOf(decorator);
    return kind === undefined || kind === 'Activity' ? [] : [{ kind, decorator }];
  });
}

function findActivityMembers(durable: DurableDeclarations, cls: ClassDeclaration): ActivityMember[] {
  return cls.getMembers().flatMap((member) => {
    if (!Node.isDecoratable(member)) return [];
    const decorator = member.getDecorators().find((d) => durable.decoratorOf(d) === 'Activity');
    return decorator === undefined ? [] : [{ member, decorator }];
  });
}
