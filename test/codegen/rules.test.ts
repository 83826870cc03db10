import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, type CodegenResult } from '../../codegen/generate';
import { formatDiagnostic } from '../../codegen/model/codegen-diagnostic';
import { FIXTURES } from './support/fixture-project';

const PROJECT = join(FIXTURES, 'invalid');
const SRC = join(PROJECT, 'src');
const MARKER = /\/\/ error: ([a-z-]+) @ (.+)$/;

/** The diagnostics the fixture expects: a line ending in `// error: <rule> @ <text>` expects one at that text. */
function expectedDiagnostics(): string[] {
  return readdirSync(SRC)
    .sort()
    .flatMap((name) =>
      readFileSync(join(SRC, name), 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const match = MARKER.exec(line);
          if (match === null) return [];
          const [, rule, text] = match as unknown as [string, string, string];
          return [`src/${name}:${i + 1}:${line.indexOf(text) + 1} ${rule}`];
        }),
    );
}

describe('codegen rules', () => {
  let result: CodegenResult;
  beforeAll(() => {
    result = generate({ project: join(PROJECT, 'tsconfig.json'), include: [SRC], out: join(PROJECT, 'generated') });
  });

  it('reports each violation with its rule at file:line:column, and writes nothing', () => {
    const actual = result.diagnostics.map((d) => `src/${d.file.slice(SRC.length + 1)}:${d.line}:${d.column} ${d.rule}`);
    expect(actual).toEqual(expectedDiagnostics());
    expect(result.files).toEqual([]);
  });

  it('says what is wrong and what is accepted', () => {
    const messages = result.diagnostics.map((d) => formatDiagnostic(d, PROJECT));
    expect(messages).toContain(
      "src/not-async.orchestrator.ts:6:3 - error codegen(orchestrator-not-async): NotAsync.run must be async (or return a Promise): orchestrators await durable tasks, found a run that returns string[]",
    );
    expect(messages.find((m) => m.includes('duplicate-function-name'))).toBe(
      "src/duplicates-b.activities.ts:5:3 - error codegen(duplicate-function-name): the activity name 'x_same' is already used by the activity 'X_Same' of DuplicatesA; names must be unique (ignoring case) across orchestrators, activities and entities (declared first at src/duplicates-a.activities.ts:5:3)",
    );
    expect(messages.find((m) => m.includes("'X_Callback'"))).toContain('cannot be sent as JSON at $.done: a function has no JSON form');
    expect(messages.find((m) => m.includes("'X_Money'"))).toContain('an instance of class Money has methods (format)');
    expect(messages.find((m) => m.includes('activity-parameters'))).toContain('an activity takes one input');
    expect(messages.find((m) => m.includes('decorator-name-not-literal'))).toContain('must be a string literal');
    expect(messages.find((m) => m.includes('type-not-exported') && m.includes('shapes'))).toContain('(declared at src/shapes.activities.ts:3:1)');
    expect(messages.find((m) => m.includes("'X_EventsByIndex'"))).toContain('found an index signature (any name), which names no event');
    expect(messages.find((m) => m.includes("'X_EventsInCase'"))).toContain("declares the events 'shipped' and 'Shipped', which differ only in case");
    expect(messages.find((m) => m.includes("'X_EventsNotJson'"))).toContain("the payload of event 'due' of orchestrator 'X_EventsNotJson' cannot be sent as JSON");
  });

  it('explains the entity rules', () => {
    const messages = result.diagnostics.filter((d) => d.file.endsWith('entities.entity.ts')).map((d) => formatDiagnostic(d, PROJECT));
    const find = (text: string): string | undefined => messages.find((m) => m.includes(text));
    expect(find("'two'")).toBe(
      "src/entities.entity.ts:13:23 - error codegen(entity-operation-parameters): operation 'two' of entity 'X_Ledger' (Ledger.two) has 2 parameters; an entity operation takes at most one input — put the values in one object parameter",
    );
    expect(find("'spread'")).toContain('has a rest parameter');
    expect(find("'both'")).toContain('(Ledger.both) has 2 parameters');
    expect(find("'echo'")).toContain('has type parameters');
    expect(find("'pick'")).toContain('is overloaded; an operation has one signature');
    expect(find("'at'")).toContain("the input of operation 'at' of entity 'X_Ledger' cannot be sent as JSON: a Date comes back from JSON as a string");
    expect(find("'big'")).toContain('a bigint has no JSON form');
    expect(find("'GET'")).toBe(
      "src/entities.entity.ts:44:3 - error codegen(entity-operation-name-collision): operation 'GET' of entity 'X_Ledger' (Ledger) differs from 'get' only in case; operation names are case-insensitive — rename one (declared first at src/entities.entity.ts:40:3)",
    );
    expect(find('reserved')).toContain('ctx.entities.X_Ledger(key).signal is reserved by the typed proxy (it holds the one-way signals)');
    expect(find("'hidden'")).toContain("the state field 'hidden' of entity 'X_Ledger' cannot be named by the generated code: the type Secret is not exported");
    expect(find("'x_counter'")).toContain("the entity name 'x_counter' is already used by the entity 'X_Counter' of CounterA");
    expect(find("'x_Same'")).toContain("the entity name 'x_Same' is already used by the activity 'X_Same' of DuplicatesA");
    expect(messages.some((m) => m.includes("'format'"))).toBe(false);
  });

  it('keeps valid entities, with a Date field typed unknown', () => {
    expect(result.model.entities.map((e) => e.name)).toEqual(['X_Counter', 'X_Dated', 'x_Same', 'x_counter']);
    const dated = result.model.entities.find((e) => e.name === 'X_Dated');
    expect(dated?.state).toEqual([{ name: 'when', type: { text: 'unknown', imports: [] }, optional: false, note: expect.stringContaining('a Date comes back from JSON') }]);
  });

  it('accepts a run that returns a Promise without async, and class instances without methods', () => {
    const names = result.model.functions.map((fn) => fn.name);
    expect(names).toContain('X_PromiseReturning');
    expect(names).toContain('X_Plain');
  });
});
