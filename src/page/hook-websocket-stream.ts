/**
 * Captures `WebSocketStream` (the streams-based API, Chromium only so far). The page gets the
 * same kinds of objects as without the hook: `opened` resolves to a fresh WebSocketOpenInfo
 * whose readable is the native one piped through a recording TransformStream, and whose writable
 * records each chunk before handing it to the native writer.
 *
 * Known difference: the hook listens to the native `closed` promise, which marks it handled,
 * so a page that ignores a rejected `closed` no longer gets an "unhandled rejection" report.
 */
import { bareArray, type AnyFn, type Natives } from './natives';
import type { Recorder } from './create-recorder';
import { isArrayBuffer } from './brand-checks';
import { disguiseConstructor, uncurryGetter, wrapConstructor, type Disguise } from './disguise';

interface OpenInfo {
  extensions: string;
  protocol: string;
  readable: ReadableStream;
  writable: WritableStream;
}

export function hookWebSocketStream(win: Window & typeof globalThis, n: Natives, recorder: Recorder, disguise: Disguise): void {
  // Wrappers must be strict functions: no own `arguments`/`caller`, like the natives.
  'use strict';
  const Native = (win as unknown as { WebSocketStream?: AnyFn }).WebSocketStream;
  if (typeof Native !== 'function') return;
  const proto = Native.prototype;
  const openedDescriptor = n.getOwnPropertyDescriptor(proto, 'opened');
  if (!openedDescriptor?.get) return;
  const urlOf = uncurryGetter(n, proto, 'url');
  const openedOf = uncurryGetter(n, proto, 'opened');
  const closedOf = uncurryGetter(n, proto, 'closed');
  const nativeClose = proto.close;
  const TransformStreamCtor = win.TransformStream;
  const WritableStreamCtor = win.WritableStream;
  const transformReadable = uncurryGetter(n, win.TransformStream.prototype, 'readable');
  const transformWritable = uncurryGetter(n, win.TransformStream.prototype, 'writable');
  const pipeThrough = n.uncurry(win.ReadableStream.prototype.pipeThrough);
  const getWriter = n.uncurry(win.WritableStream.prototype.getWriter);
  const writerProto = win.WritableStreamDefaultWriter.prototype;
  const writerWrite = n.uncurry(writerProto.write);
  const writerClose = n.uncurry(writerProto.close);
  const writerAbort = n.uncurry(writerProto.abort);
  const enqueue = n.uncurry(win.TransformStreamDefaultController.prototype.enqueue);
  const ids: WeakMap<object, number> = new n.WeakMap();
  const openedPromises: WeakMap<object, Promise<OpenInfo>> = new n.WeakMap();

  // The dictionaries below (transformer, sink, strategies, pair) spell out every member, even
  // those left undefined: the browser reads a missing member through Object.prototype, where a
  // page may have put getters.
  function tapReadable(readable: ReadableStream, id: number): ReadableStream {
    const recording = new TransformStreamCtor(
      {
        start: undefined,
        flush: undefined,
        cancel: undefined,
        readableType: undefined,
        writableType: undefined,
        transform(chunk: unknown, controller: TransformStreamDefaultController) {
          try {
            recorder.message(id, 1, chunk, false);
          } catch {
            /* capture must never break the page */
          }
          enqueue(controller, chunk);
        },
      } as Transformer,
      { highWaterMark: 1, size: undefined },
      { highWaterMark: 0, size: undefined },
    );
    return pipeThrough(readable, { readable: transformReadable(recording), writable: transformWritable(recording) }, undefined);
  }

  function tapWritable(writable: WritableStream, id: number): WritableStream {
    const writer = getWriter(writable);
    return new WritableStreamCtor(
      {
        start: undefined,
        type: undefined,
        write(chunk: unknown) {
          // WebSocketStream sends an ArrayBuffer or a view as binary and anything else (a Blob
          // too) as the text String(chunk), whose conversion may run page code (a toString).
          // Convert here, once, so that the record is what goes out and the native, given a
          // string, converts nothing again. (A conversion that throws rejects the write, as natively.)
          const data = typeof chunk === 'string' || n.isView(chunk) || isArrayBuffer(n, chunk) ? chunk : `${chunk as string}`;
          try {
            recorder.message(id, 0, data, false);
          } catch {
            /* capture must never break the page */
          }
          return writerWrite(writer, data);
        },
        close: () => writerClose(writer),
        abort: (reason: unknown) => writerAbort(writer, reason),
      } as UnderlyingSink,
      { highWaterMark: 1, size: undefined },
    );
  }

  function track(stream: object, options: unknown): void {
    // No prototype: index setters a page defines on Array.prototype never see it.
    const protocols = bareArray<string>(n);
    // Read only a plain data property: a getter would run the page's code a second time.
    const descriptor = typeof options === 'object' && options !== null ? n.getOwnPropertyDescriptor(options, 'protocols') : undefined;
    if (descriptor && n.hasOwn(descriptor, 'value') && n.isArray(descriptor.value)) {
      const list = descriptor.value as unknown[];
      for (let i = 0; i < list.length; i++) if (typeof list[i] === 'string') protocols[protocols.length] = list[i] as string;
    }
    const id = recorder.created(urlOf(stream), protocols, 'WebSocketStream');
    n.weakMapSet(ids, stream, id);
    const opened = n.promiseThen(openedOf(stream) as Promise<OpenInfo>, (info: OpenInfo): OpenInfo => {
      try {
        recorder.opened(id, String(info.protocol), String(info.extensions));
        // Dictionary members come out in lexicographic order, as the native one's do.
        return { extensions: info.extensions, protocol: info.protocol, readable: tapReadable(info.readable, id), writable: tapWritable(info.writable, id) };
      } catch {
        return info;
      }
    });
    n.weakMapSet(openedPromises, stream, opened);
    n.promiseThen(
      closedOf(stream) as Promise<{ closeCode: number; reason: string }>,
      (info) => recorder.closed(id, info.closeCode, info.reason, true),
      () => {
        recorder.errored(id);
        recorder.closed(id, 1006, '', false);
      },
    );
  }

  const Wrapper = wrapConstructor<object>(n, Native, (stream, args) => track(stream, args[1]));

  const accessors = {
    get opened(): Promise<OpenInfo> {
      const tapped = n.weakMapGet(openedPromises, this as object) as Promise<OpenInfo> | undefined;
      return tapped ?? openedOf(this);
    },
  };
  const methods = {
    close(this: object): void {
      n.apply(nativeClose, this, arguments);
      try {
        const id = n.weakMapGet(ids, this) as number | undefined;
        if (id !== undefined) recorder.closing(id);
      } catch {
        /* capture must never break the page */
      }
    },
  };
  const openedGetter = n.getOwnPropertyDescriptor(accessors, 'opened')!.get!;

  disguiseConstructor(n, disguise, Wrapper, Native);
  disguise(openedGetter, openedDescriptor.get);
  disguise(methods.close, nativeClose);
  n.defineProperty(proto, 'opened', { get: openedGetter });
  n.defineProperty(proto, 'close', { value: methods.close });
  n.defineProperty(win, 'WebSocketStream', { value: Wrapper });
}
