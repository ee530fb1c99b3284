// Screenshot of a report file for the README: `npx tsx scripts/screenshot-report.ts report.html docs/report.png`
// (Debian's chromium, driven by playwright-core; the top of the page: the research questions).
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: tsx scripts/screenshot-report.ts <report.html> <out.png>');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1000, height: 1250 }, deviceScaleFactor: 1 });
await page.goto(pathToFileURL(path.resolve(input)).href);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: output });
await browser.close();
