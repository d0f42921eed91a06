#!/usr/bin/env node
// `npm run dev`: watch mode. Builds dist/chrome and dist/firefox, then rebuilds both whenever a
// source file changes (src/, extension/, public/, manifest.json, the HTML pages, the build
// config). After every successful build it rewrites dist/.last-build; a browser opened by
// `npm start` watches that file and reloads the extension (and the pages it inspects) when it
// changes. `npm start` runs this same loop itself, so one command is enough; `npm run dev` alone
// serves a browser started with `npm start -- --no-watch`, or Frameline loaded by hand (then use
// the reload button in chrome://extensions or about:debugging).
//
// Nothing of this reaches the extension: the reload is done from outside (Playwright's handle on
// the service worker for Chromium, `web-ext run --watch-file` for Firefox), so the production
// build carries no dev-only code.
//
//   npm run dev
import { spawn } from 'node:child_process';
import { mkdirSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Rewritten after every successful build; what the browsers `npm start` opens watch. */
export const BUILD_STAMP = join(ROOT, 'dist', '.last-build');

/** Folders whose every file is a build input. */
const SOURCE_DIRS = ['src', 'extension', 'public'];
/** Single build inputs elsewhere, by folder (watched without recursion: node_modules stays out). */
const SOURCE_FILES = {
  '.': ['manifest.json', 'panel.html', 'viewer.html', 'devtools.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'],
  scripts: ['build.mjs', 'manifest-for.ts', 'iife-content-scripts.ts', 'no-html-rendering.ts'],
};
/** Editors save in bursts (temp file, rename, chmod): build once per burst. */
const SETTLE_MS = 200;

/**
 * Builds now, then after every change. Builds never overlap: a change during a build queues
 * exactly one more build.
 * @param {{ log?: (line: string) => void, onBuilt?: (ok: boolean) => void }} [opts]
 * @returns {{ firstBuild: Promise<boolean>, close(): void }}
 */
export function startDevLoop({ log = (line) => console.log(line), onBuilt = () => undefined } = {}) {
  const watchers = [];
  let building = false;
  let again = false;
  let timer;
  let closed = false;
  let firstDone;
  const firstBuild = new Promise((resolve) => (firstDone = resolve));

  async function buildOnce() {
    building = true;
    const started = Date.now();
    const ok = await runBuild();
    if (ok) {
      mkdirSync(dirname(BUILD_STAMP), { recursive: true });
      writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
    }
    log(ok ? `[dev] built dist/chrome and dist/firefox in ${((Date.now() - started) / 1000).toFixed(1)} s` : '[dev] build failed; fix the error and save again');
    building = false;
    firstDone?.(ok);
    firstDone = undefined;
    onBuilt(ok);
    if (again && !closed) {
      again = false;
      void buildOnce();
    }
  }

  function changed(path) {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      log(`[dev] ${path} changed`);
      if (building) again = true;
      else void buildOnce();
    }, SETTLE_MS);
  }

  for (const dir of SOURCE_DIRS) {
    watchers.push(watch(join(ROOT, dir), { recursive: true }, (_event, file) => changed(join(dir, String(file ?? '')))));
  }
  for (const [dir, files] of Object.entries(SOURCE_FILES)) {
    watchers.push(
      watch(join(ROOT, dir), (_event, file) => {
        if (file && files.includes(String(file))) changed(join(dir, String(file)));
      }),
    );
  }
  void buildOnce();

  return {
    firstBuild,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

/** One `npm run build` in a child process: a fresh Vite each time, so config changes apply too. */
function runBuild() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const loop = startDevLoop();
  await loop.firstBuild;
  console.log('[dev] watching the sources; Ctrl-C to stop. A browser opened by npm start reloads the extension after each build.');
  const stop = () => {
    loop.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
