import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hookEvaluated, hookEvaluation, workerCaptureOf, type WorkerCaptureFacts } from '../../../src/background/worker-hook-injection';

/** The attach event Chromium 156 sent for a dedicated worker (recorded). */
const recorded = JSON.parse(readFileSync(new URL('../../fixtures/cdp/dedicated-worker-events.json', import.meta.url), 'utf8')) as { events: { method: string; params: any }[] };
const attached = recorded.events.find((e) => e.method === 'Target.attachedToTarget')!.params;

const facts = (over: Partial<WorkerCaptureFacts> = {}): WorkerCaptureFacts => ({
  target: attached.targetInfo,
  waitingForDebugger: attached.waitingForDebugger,
  hooked: false,
  hookAvailable: true,
  ...over,
});
const target = (type: string, url: string) => ({ targetId: 'T', type, url });

describe('workerCaptureOf', () => {
  it('gives the hook to a dedicated worker attached paused (the recorded attach)', () => {
    expect(attached.waitingForDebugger).toBe(true);
    expect(workerCaptureOf(facts())).toBe('hook');
  });

  it('gives the hook to a paused service worker, never to a shared worker (not paused, found by a poll)', () => {
    expect(workerCaptureOf(facts({ target: target('service_worker', 'http://a.test/sw.js') }))).toBe('hook');
    expect(workerCaptureOf(facts({ target: target('shared_worker', 'http://a.test/shared.js') }))).toBe('network');
  });

  it('watches through the Network domain a worker already running, or when the hook could not be read', () => {
    expect(workerCaptureOf(facts({ waitingForDebugger: false }))).toBe('network');
    expect(workerCaptureOf(facts({ hookAvailable: false }))).toBe('network');
  });

  it('leaves alone a worker that already has the hook (a service worker reached through a second tab)', () => {
    expect(workerCaptureOf(facts({ hooked: true }))).toBe('none');
    expect(workerCaptureOf(facts({ hooked: true, waitingForDebugger: false, target: target('service_worker', 'http://a.test/sw.js') }))).toBe('none');
  });

  it('leaves alone pages, frames and blob:/data: workers (the page hook covers them)', () => {
    expect(workerCaptureOf(facts({ target: target('iframe', 'http://a.test/frame.html') }))).toBe('none');
    expect(workerCaptureOf(facts({ target: target('page', 'http://a.test/') }))).toBe('none');
    expect(workerCaptureOf(facts({ target: target('worker', 'blob:http://a.test/1234') }))).toBe('none');
    expect(workerCaptureOf(facts({ target: target('worker', 'data:text/javascript,1') }))).toBe('none');
  });
});

describe('hookEvaluation / hookEvaluated', () => {
  it('evaluates the prefix as is, without the console command-line API', () => {
    expect(hookEvaluation('(function __framelineSelf(){})(undefined,"x");')).toMatchObject({ expression: '(function __framelineSelf(){})(undefined,"x");', includeCommandLineAPI: false, awaitPromise: false });
  });

  it('takes a result as success, an exception, a missing answer or a CDP error as failure', () => {
    expect(hookEvaluated({ result: { type: 'undefined' } })).toBe(true);
    expect(hookEvaluated({ result: { type: 'object' }, exceptionDetails: { text: 'Uncaught' } })).toBe(false);
    expect(hookEvaluated(undefined)).toBe(false);
    expect(hookEvaluated({ code: -32000, message: 'Target closed' })).toBe(false);
  });
});
