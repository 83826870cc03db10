import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../codegen/emit/render-template';

describe('the logic-less template renderer', () => {
  it('fills values, dotted names and sections, looking names up in enclosing items', () => {
    const template = 'export const {{name}} = [\n  {{#items}}\n  {{label}}: {{type.text}}, // {{name}}\n  {{/items}}\n];\n';
    expect(renderTemplate(template, { name: 'list', items: [{ label: 'a', type: { text: 'string' } }, { label: 'b', type: { text: 'number' } }] })).toBe(
      'export const list = [\n  a: string, // list\n  b: number, // list\n];\n',
    );
  });

  it('renders inverted sections for missing, false or empty values only', () => {
    expect(renderTemplate('{{^items}}none{{/items}}{{#items}}x{{/items}}', { items: [] })).toBe('none');
    expect(renderTemplate('{{^flag}}off{{/flag}}{{#flag}}on{{/flag}}', { flag: true })).toBe('on');
  });

  it('refuses unbalanced sections and values that are not text', () => {
    expect(() => renderTemplate('{{#a}}x', {})).toThrow('{{#a}} is not closed');
    expect(() => renderTemplate('{{#a}}x{{/b}}', {})).toThrow('{{/b}} closes {{#a}}');
    expect(() => renderTemplate('{{missing}}', {})).toThrow('{{missing}} has no text value');
  });
});
