// The little the generated templates (compiled.ts) need at run time. The templates are written in
// Handlebars syntax and parsed by Handlebars at build time (scripts/build-emails.ts); the build turns
// each into a plain function that only concatenates strings, so filling a digest costs no helper calls,
// option objects or context frames. The semantics are Handlebars' own, for the subset the build accepts
// ({{path}}, #if, #unless, #each, #with, else): test/digest/templates.test.ts renders the same views
// through the Handlebars runtime and requires identical output. Every value goes through esc(): there is
// no way to write unescaped output (the build refuses {{{triple-stash}}} and SafeString is not honoured).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
const UNSAFE = /[&<>"'`=]/;
const UNSAFE_ALL = /[&<>"'`=]/g;
const escapeChar = (c: string) => ESCAPES[c]!;

/** Handlebars' escapeExpression, without SafeString: null and undefined are '', everything else is text. */
export function esc(v: unknown): string {
  if (typeof v !== 'string') {
    if (v == null) return '';
    if (typeof v === 'number') return String(v); // digits, '-', '.', 'e', 'Infinity', 'NaN': nothing to escape
    v = String(v);
  }
  const s = v as string;
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, escapeChar) : s;
}

/** Handlebars' #if condition: false for falsy values (0 included) and empty arrays. */
export function truthy(v: unknown): boolean {
  return !!v && !(Array.isArray(v) && v.length === 0);
}

/** Handlebars' #with condition (Utils.isEmpty negated): 0 counts, empty arrays do not. */
export function present(v: unknown): boolean {
  return (!!v || v === 0) && !(Array.isArray(v) && v.length === 0);
}

/** What #each iterates: an array's items, an iterable's values or an object's property values; null when none. */
export function items(v: unknown): readonly unknown[] | null {
  if (Array.isArray(v)) return v.length ? v : null;
  if (!v || typeof v !== 'object') return null;
  const list = Symbol.iterator in v ? Array.from(v as Iterable<unknown>) : Object.keys(v).map((k) => (v as Record<string, unknown>)[k]);
  return list.length ? list : null;
}
