/**
 * src/decoders runs in the DevTools panel too: no Node built-ins, no Node globals, and only
 * runtime dependencies (devDependencies are not shipped). A static check of the sources; the
 * bundle itself was also built with Vite and run in Chromium under a no-eval CSP (see README).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DIR = join(ROOT, 'src/decoders');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(DIR).map((path) => ({ path: path.slice(ROOT.length), code: readFileSync(path, 'utf8') }));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

describe('src/decoders is browser-safe', () => {
  it.each(files.map((f) => [f.path, f.code]))('%s uses no Node built-in or global', (_path, code) => {
    expect(code).not.toMatch(/from ['"]node:/);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/\bprocess\./);
    expect(code).not.toMatch(/\bglobalThis\.Buffer\b/);
    // Buffer only from the `buffer` package, never the Node global.
    if (/\bBuffer\.(from|alloc|concat|isBuffer)\b/.test(code)) expect(code).toMatch(/import \{ Buffer \} from 'buffer';/);
  });

  it('imports only runtime dependencies', () => {
    const bare = new Set(files.flatMap((f) => [...f.code.matchAll(/from '([^.'][^']*)'/g)].map((m) => m[1])));
    const packages = [...bare].map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]));
    for (const name of packages) expect(Object.keys(pkg.dependencies), name).toContain(name);
  });
});
