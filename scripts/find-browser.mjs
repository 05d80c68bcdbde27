// Where is a Chromium that Playwright can drive? Shared by ensure-browser.mjs (which installs one
// when there is none) and playwright.config.ts.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser to use: $CHROMIUM_PATH, Playwright's own download, or a system Chromium; null if none. */
export function findBrowser() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv, source: '$CHROMIUM_PATH' };
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { path: own, source: "Playwright's own Chromium" };
  } catch {
    // Playwright has no browser of its own installed.
  }
  const system = SYSTEM_CANDIDATES.find((p) => existsSync(p));
  return system ? { path: system, source: 'system Chromium' } : null;
}
