import { expect, test } from './fixtures';

test('the app connects to the web host and shows its version', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByTestId('app-info')).toContainText('(web)');
});
