// Visible text only: the HTML is parsed into a DOM, the styles an email client would apply are resolved
// (inline style, simple <style> rules matched with real selectors, presentational attributes), and every
// element a reader would not see is removed before anything reads the text. Commands and tasks hidden in
// markup (tiny, transparent, same colour as the background, off-screen, clipped, zero-size) are never read.
import { selectAll } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

type Style = Map<string, string>;

interface Inherited {
  color: Rgba; // text colour in effect
  background: Rgba; // nearest painted background
  fontPx: number;
  opacity: number;
  hiddenVisibility: boolean;
}

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const NEVER_SHOWN = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'meta', 'link', 'object', 'iframe']);
const NAMED: Record<string, string> = {
  white: '#ffffff', black: '#000000', transparent: '#0000', red: '#ff0000', green: '#008000', blue: '#0000ff', gray: '#808080',
  grey: '#808080', silver: '#c0c0c0', whitesmoke: '#f5f5f5', snow: '#fffafa', ivory: '#fffff0', ghostwhite: '#f8f8ff',
  azure: '#f0ffff', mintcream: '#f5fffa', floralwhite: '#fffaf0', aliceblue: '#f0f8ff', seashell: '#fff5ee', linen: '#faf0e6',
  yellow: '#ffff00', navy: '#000080', orange: '#ffa500', purple: '#800080', maroon: '#800000', lightgray: '#d3d3d3', lightgrey: '#d3d3d3',
  gainsboro: '#dcdcdc', darkgray: '#a9a9a9', darkgrey: '#a9a9a9', dimgray: '#696969', dimgrey: '#696969',
};

export function parseColor(v: string | undefined): Rgba | null {
  if (!v) return null;
  let s = v.trim().toLowerCase().replace(/\s*!important$/, '');
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  s = NAMED[s] ?? s;
  let m = /^#([0-9a-f]{3,4})$/.exec(s);
  if (m) {
    const [r, g, b, a = 'f'] = m[1]!.split('');
    return { r: parseInt(r! + r!, 16), g: parseInt(g! + g!, 16), b: parseInt(b! + b!, 16), a: parseInt(a + a, 16) / 255 };
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return { r: n >> 16, g: (n >> 8) & 255, b: n & 255, a: m[2] ? parseInt(m[2], 16) / 255 : 1 };
  }
  m = /^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    const ch = (x: string) => (x.endsWith('%') ? (parseFloat(x) * 255) / 100 : parseFloat(x));
    const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: ch(m[1]!), g: ch(m[2]!), b: ch(m[3]!), a };
  }
  m = /^hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    const [h, sat, l] = [parseFloat(m[1]!) / 360, parseFloat(m[2]!) / 100, parseFloat(m[3]!) / 100];
    const q = l < 0.5 ? l * (1 + sat) : l + sat - l * sat;
    const p = 2 * l - q;
    const f = (t: number) => {
      t = (t + 1) % 1;
      return 255 * (t < 1 / 6 ? p + (q - p) * 6 * t : t < 1 / 2 ? q : t < 2 / 3 ? p + (q - p) * (2 / 3 - t) * 6 : p);
    };
    const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: f(h + 1 / 3), g: f(h), b: f(h - 1 / 3), a };
  }
  return null;
}

/** A length in CSS pixels (font-relative units against 16px); null when it is not a plain length. */
function px(v: string | undefined, fontPx = 16): number | null {
  if (v === undefined) return null;
  const m = /^(-?[\d.]+)(px|pt|em|rem|%|ex|ch|vw|vh|cm|mm|in)?(?:\s*!important)?$/.exec(v.trim().toLowerCase());
  if (!m) return null;
  const n = parseFloat(m[1]!);
  switch (m[2]) {
    case 'pt': return (n * 4) / 3;
    case 'em': case 'rem': case 'ch': return n * fontPx;
    case 'ex': return (n * fontPx) / 2;
    case '%': return (n * fontPx) / 100;
    case 'cm': return n * 37.8;
    case 'mm': return n * 3.78;
    case 'in': return n * 96;
    case 'vw': case 'vh': return n * 10;
    default: return n;
  }
}

function declarations(text: string, into: Style = new Map()): Style {
  for (const d of text.split(';')) {
    const i = d.indexOf(':');
    if (i < 0) continue;
    const name = d.slice(0, i).trim().toLowerCase();
    const value = d.slice(i + 1).trim();
    if (name && value && (!into.get(name)?.endsWith('!important') || /!important$/.test(value))) into.set(name, value);
  }
  return into;
}

/** Top-level and @media screen/all rules of every <style> block, in order. */
function styleRules(css: string): { selector: string; style: Style }[] {
  const rules: { selector: string; style: Style }[] = [];
  const src = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/<!--|-->/g, '');
  const walk = (s: string) => {
    let i = 0;
    while (i < s.length) {
      const open = s.indexOf('{', i);
      if (open < 0) return;
      const prelude = s.slice(i, open).trim();
      let depth = 1;
      let j = open + 1;
      for (; j < s.length && depth; j++) depth += s[j] === '{' ? 1 : s[j] === '}' ? -1 : 0;
      const body = s.slice(open + 1, j - 1);
      if (prelude.startsWith('@media')) {
        if (!/\bprint\b/i.test(prelude) || /\bscreen\b|\ball\b/i.test(prelude)) walk(body);
      } else if (!prelude.startsWith('@') && prelude) rules.push({ selector: prelude.replace(/^[;}\s]+/, ''), style: declarations(body) });
      i = j;
    }
  };
  walk(src);
  return rules.slice(0, 2000);
}

const num = (v: string | undefined) => (v === undefined ? null : parseFloat(v));

/** Why this element is not seen, or null. `bg` is the background behind it, `fontPx` its font size. */
function hiddenBy(el: Element, st: Style, inh: Inherited): string | null {
  const name = el.name.toLowerCase();
  if (NEVER_SHOWN.has(name)) return name;
  if ('hidden' in el.attribs) return 'hidden attribute';
  if (el.attribs['aria-hidden']?.toLowerCase() === 'true') return 'aria-hidden';
  if (name === 'input' && el.attribs['type']?.toLowerCase() === 'hidden') return 'hidden input';
  const g = (k: string) => st.get(k)?.replace(/\s*!important$/i, '').toLowerCase();
  if (g('display') === 'none') return 'display:none';
  if (g('mso-hide') === 'all') return 'mso-hide:all';
  if (g('content-visibility') === 'hidden') return 'content-visibility';
  const opacity = num(g('opacity'));
  if (opacity !== null && opacity * inh.opacity <= 0.1) return 'opacity';
  const overflowHidden = /hidden|clip/.test(`${g('overflow') ?? ''} ${g('overflow-x') ?? ''} ${g('overflow-y') ?? ''}`);
  for (const dim of ['height', 'max-height', 'width', 'max-width']) {
    const v = px(g(dim), inh.fontPx);
    if (v !== null && v <= 1 && (overflowHidden || dim.startsWith('max-'))) return `${dim}:0`;
  }
  const lineHeight = px(g('line-height'), inh.fontPx);
  if (lineHeight !== null && lineHeight <= 1 && overflowHidden) return 'line-height:0';
  const position = g('position');
  const offscreen = (k: string) => {
    const v = px(g(k), inh.fontPx);
    return v !== null && v <= -200;
  };
  if ((position === 'absolute' || position === 'fixed' || position === 'relative') && ['left', 'top', 'right', 'bottom'].some(offscreen)) return 'off-screen';
  if (['margin-left', 'margin-top', 'text-indent'].some(offscreen)) return 'off-screen';
  const transform = g('transform') ?? '';
  if (/scale[xy]?\(\s*0(?:\.0\d*)?\s*[,)]/.test(transform) || /translate[xy]?\(\s*-\d{3,}/.test(transform)) return 'transform';
  const clip = g('clip') ?? '';
  if (/rect\(\s*(?:0|1)(?:px)?[\s,]+(?:0|1)(?:px)?[\s,]+(?:0|1)(?:px)?[\s,]+(?:0|1)(?:px)?\s*\)/.test(clip)) return 'clip';
  const clipPath = g('clip-path') ?? '';
  if (/inset\(\s*(?:50|100)%|circle\(\s*0|polygon\(\s*0(?:px)?\s+0(?:px)?\s*\)|ellipse\(\s*0/.test(clipPath)) return 'clip-path';
  return null;
}

/** What a child inherits, given the element's own style; also "invisible text" checks that need it. */
function inherit(el: Element, st: Style, inh: Inherited): Inherited {
  const g = (k: string) => st.get(k)?.replace(/\s*!important$/i, '');
  const font = g('font-size') ?? (el.name === 'font' && el.attribs['size'] === '0' ? '0' : undefined);
  const fontSize = font === undefined ? null : /^(?:xx-small|x-small)$/.test(font) ? 9 : px(font, inh.fontPx);
  const bg = parseColor(g('background-color') ?? g('background')?.match(/#[0-9a-f]{3,8}\b|rgba?\([^)]*\)|\b[a-z]+\b/i)?.[0] ?? el.attribs['bgcolor']);
  const color = parseColor(g('color') ?? (el.name === 'font' ? el.attribs['color'] : undefined));
  const visibility = g('visibility')?.toLowerCase();
  return {
    color: color ?? inh.color,
    background: bg && bg.a > 0.5 ? bg : inh.background,
    fontPx: fontSize ?? inh.fontPx,
    opacity: inh.opacity * (num(g('opacity')) ?? 1),
    hiddenVisibility: visibility ? visibility === 'hidden' || visibility === 'collapse' : inh.hiddenVisibility,
  };
}

function invisibleText(inh: Inherited): string | null {
  if (inh.hiddenVisibility) return 'visibility:hidden';
  if (inh.fontPx <= 3) return 'font-size';
  if (inh.opacity <= 0.1) return 'opacity';
  const c = inh.color;
  if (c.a <= 0.1) return 'transparent text';
  const bg = inh.background;
  const dist = Math.max(Math.abs(c.r - bg.r), Math.abs(c.g - bg.g), Math.abs(c.b - bg.b));
  return dist <= 24 ? 'text the colour of its background' : null;
}

export interface VisibleHtml {
  html: string; // the document with everything unseen removed
  removed: string[]; // why each removed element was removed (for logs and tests)
}

/** Remove what a reader never sees: comments, hidden elements, invisible text. */
export function visibleHtml(html: string): VisibleHtml {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true });
  const css = DomUtils.getElementsByTagName('style', doc, true)
    .map((s) => DomUtils.textContent(s))
    .join('\n');
  const sheet = new Map<Element, Style>();
  for (const rule of styleRules(css)) {
    let hits: Element[];
    try {
      hits = selectAll(rule.selector, doc) as unknown as Element[];
    } catch {
      continue; // a selector we cannot evaluate cannot hide anything we know of
    }
    for (const el of hits) {
      const st = sheet.get(el) ?? new Map();
      for (const [k, v] of rule.style) if (!st.get(k)?.endsWith('!important') || v.endsWith('!important')) st.set(k, v);
      sheet.set(el, st);
    }
  }
  const removed: string[] = [];
  const white: Rgba = { r: 255, g: 255, b: 255, a: 1 };
  const walk = (nodes: AnyNode[], inh: Inherited) => {
    for (const node of [...nodes]) {
      if (node.type === 'comment' || node.type === 'directive' || node.type === 'cdata') {
        if (node.type !== 'directive') DomUtils.removeElement(node);
        continue;
      }
      if (node.type === 'text') {
        const why = node.data.trim() ? invisibleText(inh) : null;
        if (why) {
          removed.push(why);
          DomUtils.removeElement(node);
        }
        continue;
      }
      if (!DomUtils.isTag(node)) continue;
      const st = new Map(sheet.get(node) ?? []);
      if (node.attribs['style']) declarations(node.attribs['style'], st);
      const why = hiddenBy(node, st, inh);
      if (why) {
        if (DomUtils.textContent(node).trim()) removed.push(why);
        DomUtils.removeElement(node);
        continue;
      }
      walk(node.children, inherit(node, st, inh));
    }
  };
  walk(doc.children, { color: { r: 0, g: 0, b: 0, a: 1 }, background: white, fontPx: 16, opacity: 1, hiddenVisibility: false });
  return { html: DomUtils.getOuterHTML(doc.children, { decodeEntities: true }), removed };
}

const words = (s: string) =>
  s
    .replace(/\b(?:https?|mailto|cid):[^\s<>()"']+/gi, ' ')
    .replace(/\[(?:image|cid|bild|imagen)[^\]]*\]/gi, ' ')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/** Every word of the plain alternative also appears in the text the HTML shows. */
export function plainMatchesHtml(plain: string, shownText: string): boolean {
  const seen = new Set(words(shownText));
  return words(plain).every((w) => seen.has(w));
}
