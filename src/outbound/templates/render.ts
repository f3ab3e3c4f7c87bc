// Fills the compiled email templates (compiled.ts, generated from emails/ by scripts/build-emails.ts).
// Nothing of MJML or Handlebars is loaded at run time and nothing is evaluated, so the same code runs in
// a Worker. Every {{value}} is HTML-escaped by the generated code (runtime.ts esc()); the templates
// contain no triple-stash (the build refuses it), so text from mail can never become markup (MIME-4).
import { templates } from './compiled.js';

export type TemplateName = keyof typeof templates;

export function fillTemplate(name: TemplateName, view: unknown): string {
  return (templates[name] as (view: unknown) => string)(view);
}
