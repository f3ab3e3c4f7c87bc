// Compiles the MJML templates in emails/ once, at build time, into src/outbound/templates/compiled.ts:
// each template is put into emails/layout.mjml, rendered by MJML to HTML (whose text still holds the
// Handlebars placeholders), that HTML is parsed by Handlebars, and the parse tree is written out as one
// plain function per template that concatenates strings and escaped values (templates/runtime.ts). The
// service loads those functions and fills them per recipient (no MJML, no template compiler, no eval, no
// helper calls at run time: a digest is filled in microseconds). The output is committed;
// test/digest/templates.test.ts fails when it is stale, and checks that the functions render exactly
// what the Handlebars runtime renders from the same HTML.
//
//   npm run build:emails            write the module
//   npm run build:emails -- --check exit 1 when the committed module differs from a fresh build
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const emailsDir = path.join(root, 'emails');
export const compiledModule = path.join(root, 'src/outbound/templates/compiled.ts');
const CONTENT_MARKER = '<!-- @content -->';

/** The top-level templates: every emails/*.mjml except the layout. */
export function templateNames(): string[] {
  return fs
    .readdirSync(emailsDir)
    .filter((f) => f.endsWith('.mjml') && f !== 'layout.mjml')
    .map((f) => f.replace(/\.mjml$/, ''))
    .sort();
}

/**
 * HTML partials ({{> name}} → emails/partials/name.html) are put in place in MJML's output, so they can
 * sit inside an mj-text, where mj-include cannot. MJML partials use mj-include as usual.
 */
function inlinePartials(source: string, depth = 0): string {
  return source.replace(/\{\{>\s*([a-z0-9-]+)\s*\}\}/g, (_m, name: string) => {
    if (depth > 4) throw new Error(`partial ${name} nests too deeply`);
    const file = path.join(emailsDir, 'partials', `${name}.html`);
    const html = fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->\s*/g, '').trim();
    return inlinePartials(html, depth + 1);
  });
}

/** Whitespace between tags and runs of indentation carry nothing in an email but bytes. */
function collapseWhitespace(html: string): string {
  return html.replace(/>\s+</g, '><').replace(/\n\s*/g, '\n').replace(/[ \t]{2,}/g, ' ');
}

/** One template through the layout and MJML: HTML that still carries its Handlebars placeholders. */
export async function compileMjml(name: string): Promise<string> {
  const layout = fs.readFileSync(path.join(emailsDir, 'layout.mjml'), 'utf8');
  const body = fs.readFileSync(path.join(emailsDir, `${name}.mjml`), 'utf8');
  if (!layout.includes(CONTENT_MARKER)) throw new Error(`emails/layout.mjml has no ${CONTENT_MARKER} marker`);
  const source = layout.replace(CONTENT_MARKER, body);
  const result = await mjml2html(source, {
    filePath: path.join(emailsDir, 'layout.mjml'), // mj-include paths resolve from emails/
    ignoreIncludes: false, // MJML 5 ignores mj-include unless asked; paths stay confined to emails/
    includePath: emailsDir,
    validationLevel: 'strict',
    keepComments: false,
    fonts: {}, // no remote web fonts (LLM-3: nothing fetched from elsewhere when the mail is opened)
  });
  if (result.errors.length) throw new Error(`${name}: ${result.errors.map((e) => e.formattedMessage).join('; ')}`);
  const html = collapseWhitespace(inlinePartials(result.html));
  if (/mj-include|\{\{>/.test(html)) throw new Error(`${name}: an mj-include could not be read`);
  if (/\{\{\{/.test(html)) throw new Error(`${name}: triple-stash (unescaped) placeholders are not allowed`);
  return html;
}

function sourcesHash(): string {
  const h = createHash('sha256');
  const files = [
    ...fs.readdirSync(emailsDir).filter((f) => f.endsWith('.mjml')),
    ...fs.readdirSync(path.join(emailsDir, 'partials')).map((f) => `partials/${f}`),
  ].sort();
  for (const f of files) h.update(f).update('\0').update(fs.readFileSync(path.join(emailsDir, f))).update('\0');
  return h.digest('hex').slice(0, 16);
}

// --- Handlebars parse tree → a plain function ----------------------------------------------------------

type HbsNode = hbs.AST.Node & Record<string, any>;
const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);

/**
 * The body of a template function: `c0` is the view; each #each/#with level gets the next `cN`. Only what
 * the email templates use is accepted — {{path}} and the built-in block helpers over a path — and the
 * build fails on anything else (other helpers, @data, ../ paths, partials left over, triple-stash).
 */
function generate(template: string, html: string): string {
  const ast = Handlebars.parse(html) as HbsNode; // applies whitespace control and standalone-line rules
  let vars = 0;
  const fail = (node: HbsNode, why: string): never => {
    throw new Error(`${template}: line ${node.loc?.start.line ?? '?'}: ${why}`);
  };
  const path = (node: HbsNode, ctx: string): string => {
    if (node.type !== 'PathExpression') fail(node, `only paths may be used here, not ${node.type}`);
    if (node.data || node.depth) fail(node, `@data and ../ paths are not supported (${node.original})`);
    let expr = ctx;
    for (const part of node.parts as string[]) {
      // Handlebars reads only own properties; names that exist on every object are refused outright.
      if (part in Object.prototype) fail(node, `the name ${part} is not allowed`);
      expr += `?.[${JSON.stringify(part)}]`;
    }
    return expr;
  };
  const program = (node: HbsNode | undefined, ctx: string, depth: number): string => {
    if (!node) return '';
    let out = '';
    for (const st of node.body as HbsNode[]) {
      switch (st.type) {
        case 'ContentStatement':
          if (st.value) out += `o += ${JSON.stringify(st.value)};\n`;
          break;
        case 'CommentStatement':
          break;
        case 'MustacheStatement':
          if (!st.escaped) fail(st, 'triple-stash (unescaped) placeholders are not allowed');
          if (st.params.length || st.hash) fail(st, `helpers are not allowed ({{${st.path.original} ...}})`);
          out += `o += esc(${path(st.path, ctx)});\n`;
          break;
        case 'BlockStatement': {
          const helper = st.path.original as string;
          if (st.path.type !== 'PathExpression' || !BLOCK_HELPERS.has(helper)) fail(st, `unknown block helper ${helper}`);
          if (st.params.length !== 1 || st.hash || st.program?.blockParams) fail(st, `#${helper} takes exactly one path`);
          const value = path(st.params[0], ctx);
          const v = `v${++vars}`;
          if (helper === 'if' || helper === 'unless') {
            const [yes, no] = helper === 'if' ? [st.program, st.inverse] : [st.inverse, st.program];
            out += `if (truthy(${value})) {\n${program(yes, ctx, depth)}}` + (no ? ` else {\n${program(no, ctx, depth)}}` : '') + '\n';
          } else if (helper === 'with') {
            const inner = `c${depth + 1}`;
            out += `{ const ${inner} = ${value};\nif (present(${inner})) {\n${program(st.program, inner, depth + 1)}}` + (st.inverse ? ` else {\n${program(st.inverse, ctx, depth)}}` : '') + ' }\n';
          } else {
            const inner = `c${depth + 1}`;
            out += `{ const ${v} = items(${value});\nif (${v} !== null) for (let i${vars} = 0; i${vars} < ${v}.length; i${vars}++) {\nconst ${inner} = ${v}[i${vars}];\n${program(st.program, inner, depth + 1)}}`;
            out += (st.inverse ? ` else {\n${program(st.inverse, ctx, depth)}}` : '') + ' }\n';
          }
          break;
        }
        default:
          fail(st, `${st.type} is not supported`);
      }
    }
    return out;
  };
  return `(c0) => {\nlet o = '';\n${program(ast, 'c0', 0)}return o;\n}`;
}

/** The text of src/outbound/templates/compiled.ts for the current emails/ sources. */
export async function buildEmailModule(): Promise<string> {
  const names = templateNames();
  const entries: string[] = [];
  for (const name of names) entries.push(`  ${JSON.stringify(name)}: ${generate(name, await compileMjml(name))},`);
  return [
    '// GENERATED by scripts/build-emails.ts from emails/*.mjml. Do not edit: change the MJML and run',
    '// `npm run build:emails`. Each entry fills the MJML output (in Handlebars syntax) with a view; every',
    '// value passes through esc().',
    '// @ts-nocheck',
    '/* eslint-disable */',
    "import { esc, items, present, truthy } from './runtime.js';",
    '',
    `export const sourcesHash = ${JSON.stringify(sourcesHash())};`,
    `export const handlebarsVersion = ${JSON.stringify(Handlebars.VERSION)};`,
    'export const templates = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const fresh = await buildEmailModule();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(compiledModule) ? fs.readFileSync(compiledModule, 'utf8') : '';
    if (current !== fresh) {
      console.error('src/outbound/templates/compiled.ts is stale: run `npm run build:emails`');
      process.exit(1);
    }
    console.log('compiled email templates are up to date');
    return;
  }
  fs.mkdirSync(path.dirname(compiledModule), { recursive: true });
  fs.writeFileSync(compiledModule, fresh);
  console.log(`wrote ${path.relative(root, compiledModule)} (${templateNames().join(', ')})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
