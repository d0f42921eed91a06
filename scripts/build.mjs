#!/usr/bin/env node
// Builds dist/chrome and dist/firefox from the one source: manifest.json and vite.config.ts, with
// scripts/manifest-for.ts making each browser's manifest. `npm run dev` reruns it on every change.
import { build } from 'vite';

const only = process.argv.includes('--chrome') ? ['chrome'] : process.argv.includes('--firefox') ? ['firefox'] : ['chrome', 'firefox'];
for (const browser of only) {
  process.env.FRAMELINE_BROWSER = browser;
  await build({ logLevel: 'warn', configFile: new URL('../vite.config.ts', import.meta.url).pathname });
  console.log(`built dist/${browser}`);
}
