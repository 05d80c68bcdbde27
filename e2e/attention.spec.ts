// The attention view as a person uses it: with a 2-layer, 2-head model it draws 2 × 2 maps of the
// prompt, enlarges the one clicked, and hovering a token of the prompt says what it attends to.
import { expect, open, test, TINY } from './playground';

const FAST = { ...TINY, nLayer: '2', nHead: '2', backend: 'wasm' };

test('the attention view draws L × H maps of the prompt and says what a hovered token attends to', async ({ page, watch }) => {
  void watch;
  await open(page, FAST);
  await page.getByLabel('Prompt', { exact: true }).fill('the whale, the whale');
  const view = page.getByRole('region', { name: 'Attention' });
  const maps = view.getByRole('group', { name: 'Attention maps, layers × heads' }).getByRole('button', { name: /^Layer \d, head \d$/ });
  await expect(maps).toHaveCount(4);
  await expect(view.locator('canvas')).toHaveCount(5); // 4 thumbnails + the enlarged one
  // Each map is painted: T × T pixels for the prompt's 20 characters (once the maps of the typed
  // prompt replace those of the example prompt the page starts with).
  await expect
    .poll(() =>
      view
        .locator('canvas')
        .first()
        .evaluate((c: HTMLCanvasElement) => [c.width, c.height]),
    )
    .toEqual([20, 20]);
  await maps.nth(1).click();
  await expect(maps.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(view.getByRole('figure', { name: 'Layer 1, head 2, enlarged' })).toBeVisible();
  // Hover the 4th character (the space after "the"): it attends only to itself and earlier ones.
  await view
    .getByLabel(/What character \d+ attends to/)
    .locator('span')
    .nth(3)
    .hover();
  await expect(view.getByText(/^'␣' \(4\) looks most at '.' \([1-4]\): \d+(\.\d)?%\.$/)).toBeVisible();
  // The enlarged map reads out a cell on hover; the future is masked.
  const large = view.getByTestId('attention-large');
  const box = (await large.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.1);
  await expect(view.getByText(/cannot see .* it comes later \(masked\)/)).toBeVisible();
});
