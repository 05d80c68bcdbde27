// A drop as the operating system makes it: the DevTools Protocol drags real files and folders from
// disk onto the page (Input.dispatchDragEvent), so a dropped folder arrives as a directory entry the
// page must walk, as a drag from Finder or Explorer does; a DataTransfer built in the page cannot
// hold a folder.
import type { Page } from '@playwright/test';

/** Drops `paths` (files or folders on this machine) at a point of the page, through Chromium's own drag. */
export async function dropFromDisk(page: Page, paths: string[], at = { x: 150, y: 150 }): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}
