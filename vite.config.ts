/**
 * One Vite config for both browsers: FRAMELINE_BROWSER=chrome|firefox picks the variant and the
 * output folder (dist/chrome, dist/firefox). `scripts/build.mjs` runs it once per browser.
 */
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { manifestFor, type Browser } from './scripts/manifest-for.ts';
import { iifeContentScripts } from './scripts/iife-content-scripts.ts';
import { noHtmlRendering } from './scripts/no-html-rendering.ts';

const browser = (process.env.FRAMELINE_BROWSER ?? 'chrome') as Browser;
const source = JSON.parse(readFileSync(resolve(import.meta.dirname, 'manifest.json'), 'utf8'));
const manifest = manifestFor(source, browser);

export default defineConfig({
  plugins: [
    noHtmlRendering(),
    // Content scripts are built by iifeContentScripts (see there why not by crxjs); they have no
    // CSS for crxjs to inject.
    crx({ manifest: { ...manifest, content_scripts: [] } as never, browser, contentScripts: { injectCss: false } }),
    iifeContentScripts(manifest.content_scripts ?? [], ['extension/worker/worker-hook.iife.ts']),
  ],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `dist/${browser}`,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // Vite's 500 kB warning is a page-load budget for files fetched over the network. Extension
    // files are read from the installed package; the panel chunk (Preact, uPlot, every decoder)
    // is about 500 kB. The limit stays to catch a library pulled in by mistake.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: {
        panel: resolve(import.meta.dirname, 'panel.html'),
        viewer: resolve(import.meta.dirname, 'viewer.html'),
      },
    },
  },
  server: { cors: true },
});
