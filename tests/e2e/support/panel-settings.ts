/** The panel's Settings dialog, as a user changes it. */
import type { TestPage } from '../harness/browsers';

export type ThemeChoice = 'auto' | 'dark' | 'light';

/**
 * Picks a theme in Settings and saves, and waits until the panel shows it ('auto' follows the
 * browser's color scheme). The Settings button is clicked through the DOM because at
 * the docked sizes it may sit in the toolbar's overflow menu.
 */
export async function chooseTheme(panel: TestPage, theme: ThemeChoice): Promise<void> {
  await panel.evaluate(() => (document.querySelector('[aria-label="Settings"]') as HTMLElement).click());
  await panel.waitFor('[role="dialog"] select[aria-label="Theme"]');
  await panel.evaluate((value) => {
    const select = document.querySelector('[role="dialog"] select[aria-label="Theme"]') as HTMLSelectElement;
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, theme);
  await panel.click('[role="dialog"] button[type="submit"]');
  await panel.waitForFunction(
    (choice) => {
      const dark = choice === 'auto' ? matchMedia('(prefers-color-scheme: dark)').matches : choice === 'dark';
      return document.documentElement.classList.contains('theme-dark') === dark;
    },
    theme,
    { timeout: 5000 },
  );
}
