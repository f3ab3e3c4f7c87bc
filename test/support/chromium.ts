// Headless Chromium (Debian's package) driven by playwright-core, to look at rendered emails the way a
// webmail client would: a fresh profile each launch, no network beyond what the page asks for (and the
// tests refuse every request that is not the page itself).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-chromium-'));
  // A fresh --user-data-dir: playwright takes it as the persistent context's folder.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    javaScriptEnabled: false, // mail clients run no scripts
    viewport: { width: 600, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
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
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
