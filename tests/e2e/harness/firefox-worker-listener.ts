/**
 * Firefox under WebDriver BiDi: removes the remote agent's worker listener, which makes a worker
 * that creates a worker (a nested `new Worker`) hang now and then, with or without Frameline
 * (issue 14; docs/ARCHITECTURE.md, "Workers", "Firefox: nested workers under automation").
 *
 * Why. Every BiDi session (RootMessageHandler) registers a `WorkerDebuggerManager` listener in
 * every content process (remote/shared/js-process-actors/WebDriverWorkerListenerActor.sys.mjs).
 * While one is registered, a `new Worker` called in a worker blocks its thread until the main
 * thread has registered the child's debugger (WorkerDebuggerManager::RegisterDebugger →
 * WorkerPrivate::WaitForIsDebuggerRegistered). That wait sleeps on the child's condition variable,
 * the same one the child's own thread idles on once it has started, and the main thread wakes it
 * with `Notify()` (one waiter): when the child thread is already idle (a busy main thread, a
 * loaded machine), the wake-up can go to the child instead, and the creating worker's thread
 * sleeps forever: no timer, no message, `new Worker` never returns (seen in firefox-esr 153: about
 * 1 nested `new Worker` in 30 without the extension, a blob:, data: or http: child alike). Without
 * a listener (a user's Firefox without DevTools) the creating worker does not wait at all.
 *
 * The e2e tests use no BiDi worker realms, so the harness unregisters that listener right after
 * launch (the remote agent's own unregister function, in the browser's chrome scope, which
 * `--remote-allow-system-access` opens); the session's end then finds nothing to unregister.
 * A Firefox without that module (the remote agent moved the listener to the parent process) keeps
 * what it has, with a warning.
 */
import type { Browser } from 'puppeteer-core';

const WORKER_LISTENER_MODULE = 'chrome://remote/content/shared/js-process-actors/WebDriverWorkerListenerActor.sys.mjs';

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: any }>;
}

export async function removeBidiWorkerListener(browser: Browser): Promise<void> {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection) throw new Error('firefox: no WebDriver BiDi connection to remove the worker listener through');
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = tree.result.contexts[0]?.context;
  if (!context) throw new Error('firefox: no chrome browsing context (is --remote-allow-system-access set?)');
  const expression = `(() => {
    try {
      ChromeUtils.importESModule(${JSON.stringify(WORKER_LISTENER_MODULE)}).unregisterWebDriverWorkerListenerActor();
      return 'removed';
    } catch (error) {
      return 'kept: ' + error;
    }
  })()`;
  const answer = await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: false });
  const value = answer.result?.result?.value;
  if (value !== 'removed') console.warn(`firefox: the BiDi worker listener stays (${value ?? JSON.stringify(answer.result)}); nested workers may hang`);
}
