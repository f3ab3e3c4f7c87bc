// Headless Chromium driven by playwright-core, to look at rendered emails the way a webmail client would:
// a fresh context each launch, no scripts, and the tests refuse every request that is not the page itself.
// The browser is the one shipped inside the @sparticuz/chromium package, so `npm ci` is all a machine
// needs; CHROMIUM_PATH points at another build (e.g. a system /usr/bin/chromium) instead.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

async function executable(): Promise<{ path: string; args: string[] }> {
  if (process.env.CHROMIUM_PATH) return { path: process.env.CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu'] };
  const packaged = (await import('@sparticuz/chromium')).default;
  return { path: await packaged.executablePath(), args: packaged.args };
}

export interface EmailBrowser {
  context: BrowserContext;
  /** Loads `html` at `width` px, refusing any network request; returns the layout facts and a screenshot. */
  render(html: string, width: number, screenshotPath?: string): Promise<RenderResult>;
  close(): Promise<void>;
}

export interface RenderResult {
  scrollWidth: number;
  clientWidth: number;
  /** Elements whose right edge passes the viewport (tag, class, text start). */
  overflowing: string[];
  externalRequests: string[];
}

export async function launchChromium(): Promise<EmailBrowser> {
  const exe = await executable();
  const browser = await chromium.launch({
    executablePath: exe.path,
    args: [...exe.args, '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 600, height: 900 } }); // mail clients run no scripts
  return {
    context,
    async render(html, width, screenshotPath) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      const externalRequests: string[] = [];
      await page.route('**/*', (route) => {
        externalRequests.push(route.request().url());
        return route.abort();
      });
      await page.setContent(html, { waitUntil: 'load' });
      const facts = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const overflowing: string[] = [];
        for (const el of Array.from(document.body.querySelectorAll('*'))) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > vw + 0.5) {
            overflowing.push(`${el.tagName.toLowerCase()}.${(el as HTMLElement).className}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
          }
        }
        return { scrollWidth: document.documentElement.scrollWidth, clientWidth: vw, overflowing };
      });
      if (screenshotPath) {
        fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
        await page.screenshot({ path: screenshotPath, fullPage: true });
      }
      await page.close();
      return { ...facts, externalRequests };
    },
    async close() {
      await context.close();
      await browser.close();
    },
  };
}
