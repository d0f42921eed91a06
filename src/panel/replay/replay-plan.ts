/** What "Replay" does with a captured message: resend a sent one, re-deliver a received one. */
import type { MessageRecord } from '../../protocol/records';
import type { SocketCommand } from '../../protocol/messages';

export function replayCommand(message: MessageRecord, mark: 'replayed' | 'injected' = 'replayed'): Omit<SocketCommand, 'ref'> {
  return {
    connId: message.connId,
    action: message.dir === 'send' ? 'send' : 'deliver',
    mark,
    ...(message.opcode === 1 ? { text: message.text ?? '' } : { base64: message.base64 ?? '' }),
  };
}

/**
 * Delays before each replayed message: the original spacing (scaled), or a fixed delay.
 * The first goes at once.
 */
export function replayDelays(messages: Pick<MessageRecord, 'time'>[], spacing: { kind: 'original'; scale?: number } | { kind: 'fixed'; ms: number }): number[] {
  return messages.map((m, i) => {
    if (i === 0) return 0;
    if (spacing.kind === 'fixed') return spacing.ms;
    return Math.max(0, (m.time - messages[i - 1].time) * (spacing.scale ?? 1));
  });
}
