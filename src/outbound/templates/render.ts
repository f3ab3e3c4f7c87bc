// Fills the precompiled email templates (compiled.ts, built from emails/ by scripts/build-emails.ts).
// Only the Handlebars runtime is loaded: no MJML and no template compiler at run time, and no eval, so
// the same code runs in a Worker. Every {{value}} is HTML-escaped by Handlebars; the templates contain no
// triple-stash (the build refuses it), so text from mail can never become markup (MIME-4).
import type HandlebarsNamespace from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime.js';
import { specs } from './compiled.js';

const runtime = (HandlebarsRuntime as unknown as typeof HandlebarsNamespace).create();

export type TemplateName = keyof typeof specs;

type Fill = (view: unknown) => string;
const filled = new Map<string, Fill>();

export function fillTemplate(name: TemplateName, view: unknown): string {
  let fill = filled.get(name);
  if (!fill) {
    fill = runtime.template(specs[name] as unknown as TemplateSpecification) as Fill;
    filled.set(name, fill);
  }
  return fill(view);
}
