/**
 * One Vite config for both browsers: FRAMELINE_BROWSER=chrome|firefox picks the variant and the
 * output folder (dist/chrome, dist/firefox). `scripts/build.mjs` runs it once per browser.
 */
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { manifestFor, type Browser } from './scripts/manifest-for.ts';

const browser = (process.env.FRAMELINE_BROWSER ?? 'chrome') as Browser;
const source = JSON.parse(readFileSync(resolve(import.meta.dirname, 'manifest.json'), 'utf8'));

export default defineConfig({
  plugins: [crx({ manifest: manifestFor(source, browser) as never, browser })],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `dist/${browser}`,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        panel: resolve(import.meta.dirname, 'panel.html'),
        viewer: resolve(import.meta.dirname, 'viewer.html'),
      },
    },
  },
  server: { cors: true },
});
