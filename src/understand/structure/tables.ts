// Plain-text tables: tab-separated (how HTML tables arrive once rendered), pipe and Markdown tables, and
// columns aligned with runs of spaces. The header row says which column is the work, the owner, the due
// date and the status, in any language the lexicon knows.
import { headerWords } from '../lexicon/index.js';

export interface Row {
  item: string;
  owner: string | null; // null = the table has no owner column
  due: string | null;
  status: string | null;
  raw: string;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[*_:#]+/g, '').replace(/\s+/g, ' ').trim();

/** The cells of a line when it looks like a table row, else null. */
export function splitCells(raw: string): string[] | null {
  const l = raw.trim();
  let cells: string[] | null = null;
  if (raw.includes('\t')) cells = raw.split('\t');
  else if (l.split('|').length >= 3 || (l.includes('|') && /^\||\|$/.test(l))) cells = l.replace(/^\||\|$/g, '').split('|');
  else if (/\S\s{3,}\S.*\S\s{2,}\S/.test(l) || /\S\s{4,}\S/.test(l)) cells = l.split(/\s{2,}/);
  if (!cells) return null;
  cells = cells.map((c) => c.trim());
  return cells.filter(Boolean).length >= 2 ? cells : null;
}

const isRule = (l: string) => /^[\s|:+=_-]+$/.test(l) && /[-=_]{3,}/.test(l);

type Col = 'owner' | 'item' | 'status' | 'due';

function headerColumns(cells: string[]): Record<Col, number> | null {
  const cols: Record<Col, number> = { owner: -1, item: -1, status: -1, due: -1 };
  cells.forEach((c, i) => {
    const f = fold(c).replace(/\s*\(.*\)$/, '');
    for (const k of ['owner', 'due', 'status', 'item'] as Col[]) {
      if (cols[k] < 0 && headerWords(k).some((w) => f === w || (f.length <= 25 && f.split(/\s*[/&]\s*/).includes(w)))) {
        cols[k] = i;
        return;
      }
    }
  });
  const found = (['item', 'owner', 'due'] as Col[]).filter((k) => cols[k] >= 0).length;
  if (found < 2 && !(cols.item >= 0 && cols.status >= 0)) return null;
  // a table whose work column has a header the lexicon does not know ("Deliverable / scope"): the first free column
  if (cols.item < 0) cols.item = cells.findIndex((_, i) => i !== cols.owner && i !== cols.due && i !== cols.status);
  return cols;
}

/**
 * The table that starts at line `start`, read through its header row. Returns null when the lines there
 * are not a table with a recognisable header; `end` is the index of the first line after the table.
 */
export function tableRows(lines: string[], start: number): { rows: Row[]; end: number } | null {
  const header = splitCells(lines[start]!);
  if (!header) return null;
  const cols = headerColumns(header);
  if (!cols) return null;
  const aligned = !lines[start]!.includes('\t') && !lines[start]!.includes('|');
  const rows: Row[] = [];
  let j = start + 1;
  for (; j < lines.length; j++) {
    const raw = lines[j]!;
    if (!raw.trim()) break;
    if (isRule(raw)) continue;
    let cells = splitCells(raw);
    // an aligned table's row may leave trailing columns empty: a single cell is still the work column
    if (!cells && aligned && raw.trim()) cells = raw.trim().split(/\s{2,}/);
    if (!cells) break;
    const at = (i: number) => (i >= 0 ? (cells![i] ?? '').trim() : null);
    const item = at(cols.item) ?? '';
    if (!item) continue;
    rows.push({ item, owner: at(cols.owner), due: at(cols.due), status: at(cols.status), raw: raw.trim() });
  }
  return rows.length ? { rows, end: j } : null;
}
