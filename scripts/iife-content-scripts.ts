/**
 * Builds the manifest's content scripts as classic IIFE scripts, one self-contained file each, and
 * writes their output names into the built manifest.
 *
 * Why not @crxjs/vite-plugin's own IIFE step (it builds `*.iife.ts` content scripts the same
 * way): in @crxjs/vite-plugin 3.0.0 that step sets `output.inlineDynamicImports`, an option
 * Vite 8 ignores for IIFE output (it already sets `codeSplitting: false`), so every build
 * printed "inlineDynamicImports option is ignored" once per script and browser. The page hook
 * must be a classic script that runs at document_start before the page's own scripts, so these
 * scripts cannot be ES modules behind crxjs's loader either.
 *
 * vite.config.ts hands crxjs the manifest with `content_scripts: []` and this plugin fills it in
 * through crxjs's `renderCrxManifest` hook, so crxjs still writes the one manifest.json.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';

export interface ContentScript {
  js: string[];
  [key: string]: unknown;
}

interface BuiltScript {
  fileName: string;
  code: string;
}

/** `extension/page/hook.iife.ts` → `extension/page/hook.iife.js`: same folder, `.js`. */
export function iifeOutputName(source: string): string {
  const file = source.replace(/^\//, '');
  const name = basename(file).replace(/\.(ts|tsx|js|jsx|mjs|cjs)$/, '.js');
  const dir = dirname(file);
  return dir === '.' ? name : `${dir}/${name}`;
}

/**
 * A bundle that names `__framelineSelf` is wrapped in a function of that name, so that it can read
 * its own source back (src/page/self-source.ts: the page hook puts itself in front of blob:/data:
 * worker scripts) and take two arguments, `__framelineArg` (the worker's original URL) and
 * `__framelineSource` (its own text, handed on so that a worker never needs `toString`). Called with none here. One line: the
 * bundle's text lands in front of worker scripts whose line numbers must not move.
 */
export function wrapSelfSource(code: string): string {
  if (!code.includes('__framelineSelf')) return code;
  const body = code.trim();
  if (body.includes('\n')) throw new Error('a self-sourced hook bundle must be one line (a worker script\'s line numbers would move)');
  return `(function __framelineSelf(__framelineArg,__framelineSource){${body}})();\n`;
}

/**
 * `extraScripts`: IIFE scripts built the same way but not listed in the manifest: the worker hook
 * (read by the background with fetch(runtime.getURL(...))) and the full bridge (the background
 * injects it with `scripting.executeScript`).
 */
export function iifeContentScripts(
  contentScripts: ContentScript[],
  extraScripts: string[] = [],
): Plugin & { renderCrxManifest(manifest: { content_scripts?: unknown }): { content_scripts?: unknown } } {
  let config: ResolvedConfig;
  const built = new Map<string, BuiltScript>();
  const sources = [...new Set([...contentScripts.flatMap((script) => script.js), ...extraScripts])];

  return {
    name: 'frameline:iife-content-scripts',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async buildStart() {
      built.clear();
      const everyFrame = new Set(contentScripts.flatMap((script) => script.js));
      for (const source of sources) {
        const script = await buildIife(config, source, everyFrame.has(source));
        built.set(source, script.built);
        // Watch mode: the scripts are built outside this build's module graph, so say which
        // files they came from, or a change to them would not trigger a rebuild.
        for (const id of script.moduleIds) this.addWatchFile(id);
      }
    },
    generateBundle() {
      for (const { fileName, code } of built.values()) this.emitFile({ type: 'asset', fileName, source: code });
    },
    renderCrxManifest(manifest) {
      manifest.content_scripts = contentScripts.map((script) => ({ ...script, js: script.js.map((source) => built.get(source)!.fileName) }));
      return manifest;
    },
  };
}

/**
 * `everyFrame`: a manifest content script, parsed by every frame (issue 13: at most 20 KB with the
 * stub). Those are tree-shaken assuming property reads have no side effects, which lets the
 * bundler drop module-level tables the script never uses: the stub imports two guards from
 * src/protocol/guards.ts, whose tables are built with object spreads (`{ ...pageRequestGuards }`)
 * that were kept for their possible getters (600 bytes of the 2.5 KB stub). Neither script reads
 * a property for its side effect; the only other change in the hook is an object literal passed
 * straight to the call it was made for.
 */
async function buildIife(parent: ResolvedConfig, source: string, everyFrame = false): Promise<{ built: BuiltScript; moduleIds: string[] }> {
  const fileName = iifeOutputName(source);
  const result = await build({
    configFile: false,
    root: parent.root,
    mode: parent.mode,
    logLevel: parent.logLevel,
    publicDir: false,
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: parent.build.minify,
      target: parent.build.target,
      sourcemap: false,
      ...(everyFrame ? { rolldownOptions: { treeshake: { propertyReadSideEffects: false } } } : {}),
      lib: {
        entry: resolve(parent.root, source),
        formats: ['iife'],
        // The global an IIFE library assigns to; these scripts export nothing, so it stays unused.
        name: basename(fileName, '.js').replace(/[^A-Za-z0-9_$]/g, '_'),
        fileName: () => fileName,
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => (r as Rolldown.RolldownOutput).output);
  const entry = outputs.find((o): o is Rolldown.OutputChunk => o.type === 'chunk' && o.isEntry);
  if (!entry) throw new Error(`no IIFE output for content script ${source}`);
  if (outputs.length !== 1) throw new Error(`content script ${source} built into ${outputs.length} files; a content script must be one file`);
  return {
    built: { fileName, code: wrapSelfSource(entry.code) },
    moduleIds: entry.moduleIds.filter((id) => !id.startsWith('\0')).map((id) => id.split('?')[0]).filter((id) => id.startsWith(join(parent.root, '/'))),
  };
}
