/** Lays out rows under a header with columns padded to their widest cell (the last column unpadded). */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const all: PaintedCell[][] = [header.map((text) => ({ text })), ...rows.map((row) => row.map(toCell))];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]?.text.length ?? 0)));
  return all.map((row) =>
    row
      .map((cell, column) => {
        const shown = cell.paint !== undefined ? cell.paint(cell.text) : cell.text;
        return column === row.length - 1 ? shown : shown + ' '.repeat((widths[column] ?? 0) - cell.text.length);
      })
      .join('  ')
      .trimEnd(),
  );
}

/** A cell's text, and how to paint it (colour codes do not count towards the column width). */
export type Cell = string | { readonly text: string; readonly paint?: (text: string) => string };

type PaintedCell = { readonly text: string; readonly paint?: (text: string) => string };

function toCell(cell: Cell): PaintedCell {
  return typeof cell === 'string' ? { text: cell } : cell;
}

/** Key–value lines for one record: keys padded to the longest. */
export function formatFields(fields: readonly (readonly [string, Cell])[]): string[] {
  return formatTable(['', ''], fields.map(([key, value]) => [`${key}:`, value])).slice(1);
}

/** A value shown in one cell: its preview, cut to `max` characters. */
export function previewCell(value: unknown, preview: (value: unknown) => string, max = 60): string {
  const text = preview(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
