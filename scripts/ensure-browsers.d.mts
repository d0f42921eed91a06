// Types for ensure-browsers.mjs, so the TypeScript e2e harness can import its path constants.
export declare const CHROMIUM_PATH: string;
export declare const FIREFOX_PATH: string;
export declare const BROWSERS: Record<'chromium' | 'firefox', { path: string; pkg: string }>;
export declare function ensureBrowsers(opts?: {
  need?: Array<'chromium' | 'firefox'>;
  quiet?: boolean;
}): Promise<Array<'chromium' | 'firefox'>>;
export declare const BROWSER_LOCALES: Record<'zh-CN', Record<'chromium' | 'firefox', { path: string; pkg: string }>>;
export declare function ensureBrowserLocale(browser: 'chromium' | 'firefox', locale: 'zh-CN', opts?: { quiet?: boolean }): Promise<void>;
