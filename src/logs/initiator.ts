/**
 * The initiator (the stack that constructed the socket) in both directions: our stack text
 * <-> Chrome's `_initiator` (CDP `Network.Initiator`), so Chrome's Initiator column works for our
 * files and the stack of a Chrome HAR shows up in our viewer.
 */
import { isRecord } from '../lib/objects';
import type { ChromeCallFrame, ChromeInitiator } from './types';

// V8: "at fn (https://x/app.js:10:15)", "at https://x/app.js:10:15", "at async fn (...)".
const V8_FRAME = /^\s*at\s+(?:(?:async\s+)?(.*?)\s+\()?(.+?):(\d+):(\d+)\)?\s*$/;
// SpiderMonkey/JavaScriptCore: "fn@https://x/app.js:10:15", "@https://x/app.js:10:15".
const GECKO_FRAME = /^\s*(.*?)@(.+?):(\d+):(\d+)\s*$/;

function parseFrame(line: string): ChromeCallFrame | undefined {
  const match = V8_FRAME.exec(line) ?? GECKO_FRAME.exec(line);
  if (!match) return undefined;
  return {
    functionName: match[1] ?? '',
    scriptId: '',
    url: match[2],
    lineNumber: Number(match[3]) - 1,
    columnNumber: Number(match[4]) - 1,
  };
}

/** Chrome's `_initiator` for a captured stack, or undefined when no line looks like a frame. */
export function createChromeInitiator(stack: string | undefined): ChromeInitiator | undefined {
  if (!stack) return undefined;
  const callFrames: ChromeCallFrame[] = [];
  for (const line of stack.split('\n')) {
    const frame = parseFrame(line);
    if (frame) callFrames.push(frame);
  }
  return callFrames.length > 0 ? { type: 'script', stack: { callFrames } } : undefined;
}

/** A V8-style stack text from a HAR `_initiator` (any shape tolerated), or undefined. */
export function createStackFromInitiator(initiator: unknown): string | undefined {
  if (!isRecord(initiator)) return undefined;
  const lines: string[] = [];
  let stack: unknown = initiator.stack;
  // Async stacks chain through `parent`; keep them, they are part of "who opened this socket".
  for (let depth = 0; isRecord(stack) && depth < 50; depth++, stack = stack.parent) {
    const frames = Array.isArray(stack.callFrames) ? stack.callFrames : [];
    for (const frame of frames) {
      if (!isRecord(frame) || typeof frame.url !== 'string') continue;
      const line = typeof frame.lineNumber === 'number' ? frame.lineNumber + 1 : 0;
      const column = typeof frame.columnNumber === 'number' ? frame.columnNumber + 1 : 0;
      const where = `${frame.url}:${line}:${column}`;
      lines.push(typeof frame.functionName === 'string' && frame.functionName ? `at ${frame.functionName} (${where})` : `at ${where}`);
    }
  }
  if (lines.length === 0 && typeof initiator.url === 'string' && initiator.url) {
    lines.push(typeof initiator.lineNumber === 'number' ? `at ${initiator.url}:${initiator.lineNumber + 1}` : `at ${initiator.url}`);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}
