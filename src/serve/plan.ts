/**
 * A script made ready to play: the recorded page messages a live one may stand for, and each
 * server message with the page message it waits for in conversational mode (the last page
 * message recorded before it; -1 for greetings and pushes that precede every page message).
 * Heartbeats are taken out here (heartbeats.ts): the player answers live ones.
 */
import type { ServeFrame, ServeScript } from '../protocol/serve';
import { detectServeDialect, type ServeDialect } from './dialect';
import { heartbeatsOf, type Heartbeats } from './heartbeats';
import { joinMqttServerPackets } from './mqtt-stream';
import { pairingIdsOf } from './ids';
import { parseMessage, type ParsedMessage } from './parse';
import { framePayload, type ServePayload } from './payload';

export interface PlannedFrame {
  frame: ServeFrame;
  /** Index in `page` of the page message this one waits for in conversational mode; -1: none. */
  after: number;
  /** Position among all the planned frames, page and server, in recorded order. */
  order: number;
  /**
   * A server message that answers a page message by id (ids.ts): the index in `page` of the
   * latest recorded page message with that id, which timed mode waits for; -1: none.
   */
  answers: number;
  payload(): ServePayload;
  parsed(): ParsedMessage;
}

export interface ServePlan {
  script: ServeScript;
  dialect: ServeDialect;
  heartbeats: Heartbeats;
  page: PlannedFrame[];
  server: PlannedFrame[];
  /** The page message the recorded close waits for in conversational mode (-1: none). */
  closeAfter: number;
}

function planFrame(frame: ServeFrame, dialect: ServeDialect, after: number, order: number): PlannedFrame {
  let payload: ServePayload | undefined;
  let parsed: ParsedMessage | undefined;
  const planned: PlannedFrame = {
    frame,
    after,
    order,
    answers: -1,
    payload: () => (payload ??= framePayload(frame)),
    parsed: () => (parsed ??= parseMessage(planned.payload(), dialect)),
  };
  return planned;
}

/** Frames in recorded order (by `at`, stable), heartbeats out; `keepalives` says whether server keepalives stay. */
export function createServePlan(script: ServeScript, keepalives: boolean): ServePlan {
  const dialect = detectServeDialect(script);
  const heartbeats = heartbeatsOf(dialect, script);
  let ordered = script.frames
    .map((frame, index) => ({ frame, index }))
    .sort((a, b) => a.frame.at - b.frame.at || a.index - b.index)
    .map(({ frame }) => frame);
  if (dialect === 'mqtt') ordered = joinMqttServerPackets(ordered);
  const page: PlannedFrame[] = [];
  const server: PlannedFrame[] = [];
  /** Recorded pairing id → the latest page message that carried it. */
  const askedBy = new Map<string, number>();
  for (const [order, frame] of ordered.entries()) {
    const planned = planFrame(frame, dialect, page.length - 1, order);
    if (frame.dir === 0) {
      if (heartbeats.answerPage(planned.parsed()) !== undefined) continue;
      for (const id of pairingIdsOf(planned.parsed(), 'page')) askedBy.set(id, page.length);
      page.push(planned);
    } else {
      const parsed = planned.parsed();
      if (heartbeats.isServerAnswer(parsed)) continue;
      if (!keepalives && heartbeats.isServerKeepalive(parsed)) continue;
      for (const id of pairingIdsOf(parsed, 'server')) planned.answers = Math.max(planned.answers, askedBy.get(id) ?? -1);
      server.push(planned);
    }
  }
  const close = script.close;
  const closeAfter = close ? page.filter((p) => p.frame.at <= close.at).length - 1 : -1;
  return { script, dialect, heartbeats, page, server, closeAfter };
}
