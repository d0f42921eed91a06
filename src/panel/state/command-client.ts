/**
 * Sends socket commands through the panel transport and resolves each with its outcome (matched
 * by ref). A command nobody answers resolves as failed after a timeout: the panel never waits
 * forever on a frozen or navigating page.
 */
import type { CommandOutcome, SocketCommand } from '../../protocol/messages';
import type { PanelTransport } from './transport';

export interface CommandClient {
  send(command: Omit<SocketCommand, 'ref'>): Promise<CommandOutcome>;
  /** Opens a new socket from the inspected page. */
  open(url: string, protocols: string[]): Promise<CommandOutcome>;
  /** Feed `commandResult` envelopes here. */
  settle(outcome: CommandOutcome): void;
}

export function createCommandClient(transport: Pick<PanelTransport, 'send'>, timeoutMs = 10_000): CommandClient {
  const pending = new Map<string, (outcome: CommandOutcome) => void>();
  let counter = 0;
  const prefix = Math.random().toString(36).slice(2, 8);
  function request(post: (ref: string) => void): Promise<CommandOutcome> {
    const ref = `${prefix}-${++counter}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(ref);
        resolve({ ref, ok: false, error: 'No answer from the page (is it frozen or navigating?).', failure: { code: 'noAnswer' } });
      }, timeoutMs);
      pending.set(ref, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
      post(ref);
    });
  }
  return {
    open: (url, protocols) => request((ref) => transport.send('open', { ref, url, protocols })),
    send: (command) => request((ref) => transport.send('command', { ...command, ref })),
    settle(outcome) {
      const resolve = pending.get(outcome.ref);
      pending.delete(outcome.ref);
      resolve?.(outcome);
    },
  };
}
