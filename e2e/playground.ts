// Shared test helpers: open the page with URL parameters while watching for console errors and
// for requests to any host but the page's own, and read the live numbers off the status line.
import { expect, test as base, type Page } from '@playwright/test';

/** A model small enough that SwiftShader (WebGPU on the CPU) steps it in well under a second. */
export const TINY = { nLayer: '1', nHead: '2', nEmbd: '32', blockSize: '32', batchSize: '4', evalBatches: '2' };

export const test = base.extend<{ watch: { consoleErrors: string[]; foreignRequests: string[] } }>({
  watch: async ({ page, baseURL }, use) => {
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];
    const own = new URL(baseURL!).host;
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.context().on('request', (r) => {
      const url = new URL(r.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.host !== own) foreignRequests.push(r.url());
    });
    await use({ consoleErrors, foreignRequests });
    // Every spec: nothing leaves the machine, and the console stays clean.
    expect(foreignRequests, 'requests to other hosts').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
  },
});

export { expect };

export async function open(page: Page, params: Record<string, string>): Promise<void> {
  await page.goto(`./?${new URLSearchParams(params)}`);
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 90_000 });
}

/** The number after a label in the status line ("step", "val loss", ...); NaN while it shows a dash. */
export async function stat(page: Page, label: string): Promise<number> {
  const text = await page
    .getByTestId(`stat-${label.replace(/[^a-z]+/g, '-')}`)
    .locator('dd')
    .innerText();
  return Number(text.replace(/,/g, ''));
}

export const runState = (page: Page) => page.getByRole('status', { name: 'Run state' });

/** Drops files onto the page with a real drop event carrying a DataTransfer of Files. */
export async function dropFiles(page: Page, files: { name: string; content: string | number[]; type?: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((specs) => {
    const dt = new DataTransfer();
    for (const f of specs) {
      const body = typeof f.content === 'string' ? f.content : new Uint8Array(f.content);
      dt.items.add(new File([body], f.name, { type: f.type ?? 'text/plain' }));
    }
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByText('Drop a text file to train on it')).toBeVisible();
  await zone.dispatchEvent('drop', { dataTransfer });
}
