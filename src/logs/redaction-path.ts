/**
 * A small JSONPath subset for redaction rules: find values in a parsed JSON payload and replace
 * them. Supported (and nothing else, so that a rule means exactly what it says):
 *
 *   $            the whole document
 *   .key         child of an object           $.auth.token
 *   ['key']      child, any characters        $['x-api-key']   (also "key"; \' and \\ escape)
 *   [n]          array element (n >= 0)       $.items[0]
 *   [*]  .*      every child of an object or array
 *   ..key        `key` at any depth           $..token      (also ..['key'])
 *   ..*          every value at any depth
 */

export type JsonPathStep =
  | { kind: 'child'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'descendant'; name: string }
  | { kind: 'descendantWildcard' };

export type JsonPathParse = { ok: true; steps: JsonPathStep[] } | { ok: false; error: string };

const IDENTIFIER = /^[^.[\]\s'"]+/;

export function parseJsonPath(path: string): JsonPathParse {
  if (typeof path !== 'string' || path.trim() === '') return { ok: false, error: 'the path is empty' };
  if (path[0] !== '$') return { ok: false, error: 'a path starts with "$"' };
  const steps: JsonPathStep[] = [];
  let i = 1;
  const fail = (what: string): JsonPathParse => ({ ok: false, error: `${what} at position ${i}` });

  while (i < path.length) {
    if (path.startsWith('..', i)) {
      i += 2;
      if (path[i] === '*') {
        steps.push({ kind: 'descendantWildcard' });
        i++;
        continue;
      }
      if (path[i] === '[') {
        const bracket = readBracket(path, i);
        if (!bracket.ok) return { ok: false, error: bracket.error };
        if (bracket.step.kind === 'wildcard') steps.push({ kind: 'descendantWildcard' });
        else if (bracket.step.kind === 'child') steps.push({ kind: 'descendant', name: bracket.step.name });
        else return fail('"..[n]" is not supported');
        i = bracket.end;
        continue;
      }
      const name = IDENTIFIER.exec(path.slice(i))?.[0];
      if (!name) return fail('expected a name after ".."');
      steps.push({ kind: 'descendant', name });
      i += name.length;
    } else if (path[i] === '.') {
      i++;
      if (path[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const name = IDENTIFIER.exec(path.slice(i))?.[0];
      if (!name) return fail('expected a name after "."');
      steps.push({ kind: 'child', name });
      i += name.length;
    } else if (path[i] === '[') {
      const bracket = readBracket(path, i);
      if (!bracket.ok) return { ok: false, error: bracket.error };
      steps.push(bracket.step);
      i = bracket.end;
    } else {
      return fail(`unexpected "${path[i]}"`);
    }
  }
  return { ok: true, steps };
}

type Bracket = { ok: true; step: JsonPathStep; end: number } | { ok: false; error: string };

/** Reads `[*]`, `[12]`, `['name']` or `["name"]` starting at the `[`. */
function readBracket(path: string, start: number): Bracket {
  let i = start + 1;
  const fail = (what: string): Bracket => ({ ok: false, error: `${what} at position ${i}` });
  let step: JsonPathStep;
  const c = path[i];
  if (c === '*') {
    step = { kind: 'wildcard' };
    i++;
  } else if (c !== undefined && c >= '0' && c <= '9') {
    const digits = /^\d+/.exec(path.slice(i))![0];
    step = { kind: 'index', index: Number(digits) };
    i += digits.length;
  } else if (c === "'" || c === '"') {
    let name = '';
    i++;
    for (;;) {
      if (i >= path.length) return fail('unclosed quote');
      const ch = path[i];
      if (ch === '\\' && i + 1 < path.length) {
        name += path[i + 1];
        i += 2;
      } else if (ch === c) {
        i++;
        break;
      } else {
        name += ch;
        i++;
      }
    }
    step = { kind: 'child', name };
  } else if (c === '-') {
    return fail('negative indexes are not supported');
  } else if (c === undefined) {
    return fail('unclosed "["');
  } else {
    return fail(`unexpected "${c}" in brackets`);
  }
  if (path[i] !== ']') return fail(i >= path.length ? 'unclosed "["' : `expected "]" but found "${path[i]}"`);
  return { ok: true, step, end: i + 1 };
}

type Container = Record<string, unknown> | unknown[];
/** A place holding a value: `holder[key]`. */
interface Ref {
  holder: Container;
  key: string | number;
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isContainer(value) && !Array.isArray(value);
}

function childRefs(value: unknown, out: Ref[]): void {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) out.push({ holder: value, key: i });
  else if (isPlainObject(value)) for (const key of Object.keys(value)) out.push({ holder: value, key });
}

/** `value` itself and every container below it, depth first. */
function eachContainer(value: unknown, visit: (container: Container) => void): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isContainer(current)) continue;
    visit(current);
    const children = Array.isArray(current) ? current : Object.values(current);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function step(refs: Ref[], s: JsonPathStep): Ref[] {
  const out: Ref[] = [];
  for (const ref of refs) {
    const value = (ref.holder as Record<string | number, unknown>)[ref.key];
    switch (s.kind) {
      case 'child':
        if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, s.name)) out.push({ holder: value, key: s.name });
        break;
      case 'index':
        if (Array.isArray(value) && s.index < value.length) out.push({ holder: value, key: s.index });
        break;
      case 'wildcard':
        childRefs(value, out);
        break;
      case 'descendant':
        eachContainer(value, (container) => {
          if (!Array.isArray(container) && Object.prototype.hasOwnProperty.call(container, s.name)) out.push({ holder: container, key: s.name });
        });
        break;
      case 'descendantWildcard':
        eachContainer(value, (container) => childRefs(container, out));
        break;
    }
  }
  return out;
}

/**
 * Replaces every value the paths select with `replacement`. Mutates containers inside `document`
 * and returns the (possibly new) document, and whether anything was selected.
 */
export function replaceJsonPaths(
  document: unknown,
  paths: readonly JsonPathStep[][],
  replacement: unknown,
): { value: unknown; changed: boolean } {
  const root = { value: document };
  let changed = false;
  for (const steps of paths) {
    let refs: Ref[] = [{ holder: root as unknown as Container, key: 'value' }];
    for (const s of steps) {
      refs = step(refs, s);
      if (refs.length === 0) break;
    }
    for (const ref of refs) (ref.holder as Record<string | number, unknown>)[ref.key] = replacement;
    if (refs.length > 0) changed = true;
  }
  return { value: root.value, changed };
}
