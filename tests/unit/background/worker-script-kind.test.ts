import { describe, expect, it } from 'vitest';
import { workerScriptKind } from '../../../src/background/worker-script-kind';

const h = (dest?: string, mode?: string) => [
  { name: 'Accept', value: '*/*' },
  ...(dest ? [{ name: 'Sec-Fetch-Dest', value: dest }] : []),
  ...(mode ? [{ name: 'Sec-Fetch-Mode', value: mode }] : []),
];

describe('workerScriptKind', () => {
  it('names top-level worker scripts (same-origin mode) by their destination', () => {
    expect(workerScriptKind('GET', h('worker', 'same-origin'))).toBe('worker');
    expect(workerScriptKind('GET', h('sharedworker', 'same-origin'))).toBe('sharedworker');
    expect(workerScriptKind('GET', h('serviceworker', 'same-origin'))).toBe('serviceworker');
    expect(workerScriptKind('GET', [{ name: 'sec-fetch-dest', value: 'Worker' }, { name: 'sec-fetch-mode', value: 'same-origin' }])).toBe('worker');
  });

  it('leaves static module imports, importScripts, dynamic import and page scripts alone', () => {
    expect(workerScriptKind('GET', h('worker', 'cors'))).toBeUndefined();
    expect(workerScriptKind('GET', h('script', 'no-cors'))).toBeUndefined();
    expect(workerScriptKind('GET', h('script', 'cors'))).toBeUndefined();
    expect(workerScriptKind('GET', h('document', 'navigate'))).toBeUndefined();
  });

  it('answers nothing without Fetch metadata (plain-http origins) or for other methods', () => {
    expect(workerScriptKind('GET', h())).toBeUndefined();
    expect(workerScriptKind('GET', undefined)).toBeUndefined();
    expect(workerScriptKind('POST', h('worker', 'same-origin'))).toBeUndefined();
  });
});
