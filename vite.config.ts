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
    // The worker hook (read by the background) and the full bridge are not in the manifest: the background injects the bridge where it is needed
    // (src/protocol/bridge-loading.ts), the served sockets' script only while a tab serves (extension/background/served-script.ts), and
    // the stub's settings read only while the truncation size is not the default (stub-settings-script.ts).
    iifeContentScripts(manifest.content_scripts ?? [], ['extension/worker/worker-hook.iife.ts', 'extension/content/bridge.iife.ts', 'extension/page/served.iife.ts', 'extension/content/stub-settings.iife.ts']),
  ],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `dist/${browser}`,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // The panel's budget (issue 13): its initial bundle at most 250 KB. The decoders (with
    // mqtt-packet's Node polyfills), the chart (uPlot), the log readers and writers, Serve from
    // log, Intercept, Settings and New connection load on first use, in chunks of their own
    // (src/panel/decoding/lazy-decoding.ts, src/panel/chart/LazyTimelineChart.tsx,
    // src/panel/lazy-parts.tsx); any chunk over 250 KB is a library pulled in by mistake, or a
    // lazy part that became eager.
    chunkSizeWarningLimit: 250,
    rollupOptions: {
      input: {
        panel: resolve(import.meta.dirname, 'panel.html'),
        viewer: resolve(import.meta.dirname, 'viewer.html'),
      },
      output: {
        codeSplitting: {
          groups: [
            // mqtt-packet and the Node polyfills it needs in a browser (buffer, readable-stream,
            // events, bl...): only the MQTT decoder uses them, and they load with the decoders.
            { name: 'mqtt-packet', test: /node_modules[\\/](mqtt-packet|readable-stream|buffer|base64-js|ieee754|bl|events|string_decoder|debug|ms|process-nextick-args|inherits|util-deprecate|safe-buffer)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { cors: true },
});
