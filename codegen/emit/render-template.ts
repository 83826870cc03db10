/**
 * A logic-less template renderer, a small subset of Mustache:
 * - `{{name}}` / `{{a.b}}`: a value, looked up in the current item, then the enclosing ones
 *   (not escaped: the output is code);
 * - `{{#name}}…{{/name}}`: repeated for each item of an array, or once when the value is truthy;
 * - `{{^name}}…{{/name}}`: rendered when the value is missing, false or an empty array.
 * A line that holds only a section tag produces no line of its own.
 */
export type TemplateValue = string | number | boolean | undefined | null | readonly TemplateValue[] | { readonly [key: string]: TemplateValue };

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'section'; readonly name: string; readonly inverted: boolean; readonly parts: readonly Part[] };

const TAG = /\{\{([#^/]?)\s*([\w.]+)\s*\}\}/g;

export function renderTemplate(template: string, view: TemplateValue): string {
  return renderParts(parse(removeStandaloneSectionLines(template)), [view]);
}

/** Drops the line break and indentation around a section tag that stands alone on its line. */
function removeStandaloneSectionLines(template: string): string {
  return template.replace(/^[ \t]*(\{\{[#^/]\s*[\w.]+\s*\}\})[ \t]*\r?\n/gm, '$1');
}

function parse(template: string): Part[] {
  const root: Part[] = [];
  const stack: { name: string; inverted: boolean; parts: Part[] }[] = [];
  let current = root;
  let last = 0;
  for (const match of template.matchAll(TAG)) {
    const [whole, sigil, name] = match as unknown as [string, string, string];
    const index = match.index ?? 0;
    if (index > last) current.push({ kind: 'text', text: template.slice(last, index) });
    last = index + whole.length;
    if (sigil === '#' || sigil === '^') {
      const section = { name, inverted: sigil === '^', parts: [] as Part[] };
      stack.push(section);
      current = section.parts;
    } else if (sigil === '/') {
      const section = stack.pop();
      if (section === undefined || section.name !== name) throw new Error(`template: {{/${name}}} closes ${section === undefined ? 'nothing' : `{{#${section.name}}}`}`);
      current = stack.length === 0 ? root : (stack[stack.length - 1] as { parts: Part[] }).parts;
      current.push({ kind: 'section', ...section });
    } else {
      current.push({ kind: 'value', name });
    }
  }
  const open = stack.pop();
  if (open !== undefined) throw new Error(`template: {{#${open.name}}} is not closed`);
  if (last < template.length) root.push({ kind: 'text', text: template.slice(last) });
  return root;
}

function renderParts(parts: readonly Part[], scopes: readonly TemplateValue[]): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'value') out += toText(lookup(part.name, scopes), part.name);
    else out += renderSection(part, scopes);
  }
  return out;
}

function renderSection(section: Extract<Part, { kind: 'section' }>, scopes: readonly TemplateValue[]): string {
  const value = lookup(section.name, scopes);
  const items = Array.isArray(value) ? (value as readonly TemplateValue[]) : value ? [value] : [];
  if (section.inverted) return items.length === 0 ? renderParts(section.parts, scopes) : '';
  return items.map((item) => renderParts(section.parts, [...scopes, item])).join('');
}

function lookup(name: string, scopes: readonly TemplateValue[]): TemplateValue {
  const [head = '', ...rest] = name.split('.');
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    if (isRecord(scope) && head in scope) return rest.reduce<TemplateValue>((value, key) => (isRecord(value) ? value[key] : undefined), scope[head]);
  }
  return undefined;
}

function isRecord(value: TemplateValue): value is { readonly [key: string]: TemplateValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toText(value: TemplateValue, name: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`template: {{${name}}} has no text value`);
}
