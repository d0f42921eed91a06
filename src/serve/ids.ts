/**
 * Carrying the ids a protocol pairs requests and replies by, from the page's live message into
 * the recorded replies: the live page chose its own ids (graphql-ws makes UUIDs, mqtt.js starts
 * packet ids at a random number), and a reply with the recorded id would answer nothing.
 *
 * The book maps, per carrier, a recorded id to the live one, learnt each time a live page
 * message is paired with a recorded one. Carriers: JSON `id` and `invocationId` at the top level
 * (JSON-RPC, graphql-ws `subscribe`/`next`/`complete`, subscriptions-transport-ws
 * `start`/`data`/`stop`, SignalR records), Socket.IO ack ids (`42<ack>[...]` answered by
 * `43<ack>[...]`) and MQTT packet identifiers (SUBSCRIBE → SUBACK, PUBLISH → PUBACK ...).
 */
import { isRecord } from '../lib/objects';
import { JSON_ID_KEYS } from './json-values';
import { isMqttIdReply, isMqttIdRequest, mqttPacketIdOffset, readMqttPacketId } from './mqtt-packets';
import { RECORD_SEPARATOR, type ParsedMessage, type ParsedText } from './parse';
import { bufferOf, type ServePayload } from './payload';

type Carrier = 'json' | 'ack' | 'mqtt';

export interface IdBook {
  readonly ids: Map<Carrier, Map<string, unknown>>;
}

export function createIdBook(): IdBook {
  return { ids: new Map() };
}

function keyOf(value: unknown): string | undefined {
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'number') return `n${value}`;
  return undefined;
}

function remember(book: IdBook, carrier: Carrier, recorded: unknown, live: unknown): void {
  const key = keyOf(recorded);
  if (key === undefined || keyOf(live) === undefined) return;
  let ids = book.ids.get(carrier);
  if (!ids) book.ids.set(carrier, (ids = new Map()));
  ids.set(key, live);
}

function lookUp(book: IdBook, carrier: Carrier, recorded: unknown): { live: unknown } | undefined {
  const key = keyOf(recorded);
  const ids = key === undefined ? undefined : book.ids.get(carrier);
  return ids?.has(key!) ? { live: ids.get(key!) } : undefined;
}

function learnJson(book: IdBook, recorded: unknown, live: unknown): void {
  if (Array.isArray(recorded) && Array.isArray(live)) {
    recorded.forEach((r, i) => learnObjectIds(book, r, live[i]));
  } else {
    learnObjectIds(book, recorded, live);
  }
}

function learnObjectIds(book: IdBook, recorded: unknown, live: unknown): void {
  if (!isRecord(recorded) || !isRecord(live) || Array.isArray(recorded)) return;
  for (const key of JSON_ID_KEYS) {
    if (Object.prototype.hasOwnProperty.call(recorded, key) && Object.prototype.hasOwnProperty.call(live, key)) {
      remember(book, 'json', recorded[key], live[key]);
    }
  }
}

function learnText(book: IdBook, recorded: ParsedText, live: ParsedText): void {
  if (recorded.kind === 'json' && live.kind === 'json') learnJson(book, recorded.value, live.value);
  else if (recorded.kind === 'records' && live.kind === 'records') recorded.records.forEach((r, i) => live.records[i] && learnText(book, r, live.records[i]));
  else if (recorded.kind === 'socketio' && live.kind === 'socketio') {
    if (recorded.ack !== '' && live.ack !== '') remember(book, 'ack', recorded.ack, live.ack);
    if (recorded.body && live.body) learnText(book, recorded.body, live.body);
  }
}

/** Learns the ids of a recorded page message from the live message paired with it. */
export function learnIds(book: IdBook, recorded: ParsedMessage, live: ParsedMessage): void {
  if (recorded.kind === 'binary' || live.kind === 'binary') {
    if (recorded.kind !== 'binary' || live.kind !== 'binary' || !recorded.mqtt || !live.mqtt) return;
    recorded.mqtt.forEach((packet, i) => {
      const other = live.mqtt![i];
      if (!other || other.type !== packet.type || !isMqttIdRequest(packet)) return;
      const from = readMqttPacketId(recorded.bytes, packet);
      const to = readMqttPacketId(live.bytes, other);
      if (from !== undefined && to !== undefined) remember(book, 'mqtt', from, to);
    });
    return;
  }
  learnText(book, recorded, live);
}

/** The object (or batch) with its recorded ids replaced; the same value when nothing was. */
function carryJson(book: IdBook, value: unknown): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const next = value.map((v) => {
      const carried = carryObject(book, v);
      changed ||= carried !== v;
      return carried;
    });
    return { value: changed ? next : value, changed };
  }
  const carried = carryObject(book, value);
  return { value: carried, changed: carried !== value };
}

function carryObject(book: IdBook, value: unknown): unknown {
  if (!isRecord(value) || Array.isArray(value)) return value;
  let next: Record<string, unknown> | undefined;
  for (const key of JSON_ID_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const found = lookUp(book, 'json', value[key]);
    if (found && found.live !== value[key]) (next ??= { ...value })[key] = found.live;
  }
  return next ?? value;
}

function carryText(book: IdBook, parsed: ParsedText): string {
  switch (parsed.kind) {
    case 'text':
      return parsed.text;
    case 'json': {
      const carried = carryJson(book, parsed.value);
      return carried.changed ? JSON.stringify(carried.value) : parsed.text;
    }
    case 'records': {
      const texts = parsed.records.map((r) => carryText(book, r));
      return texts.every((t, i) => t === parsed.records[i].text) ? parsed.text : texts.join(RECORD_SEPARATOR) + RECORD_SEPARATOR;
    }
    case 'socketio': {
      const ack = parsed.ack === '' ? '' : String(lookUp(book, 'ack', parsed.ack)?.live ?? parsed.ack);
      const body = parsed.body ? carryText(book, parsed.body) : '';
      return parsed.head + ack + body;
    }
  }
}

/** A recorded server message with the live ids the book has learnt in place of the recorded ones. */
export function carryIds(book: IdBook, data: ServePayload, parsed: ParsedMessage): ServePayload {
  if (book.ids.size === 0) return data;
  if (parsed.kind !== 'binary') return carryText(book, parsed);
  if (!parsed.mqtt) return data;
  let copy: Uint8Array | undefined;
  for (const packet of parsed.mqtt) {
    if (!isMqttIdReply(packet)) continue;
    const offset = mqttPacketIdOffset(parsed.bytes, packet);
    const found = offset < 0 ? undefined : lookUp(book, 'mqtt', readMqttPacketId(parsed.bytes, packet));
    if (!found || typeof found.live !== 'number') continue;
    copy ??= parsed.bytes.slice();
    copy[offset] = found.live >> 8;
    copy[offset + 1] = found.live & 0xff;
  }
  return copy ? bufferOf(copy) : data;
}

function jsonIdKeys(value: unknown, into: string[]): void {
  const objects = Array.isArray(value) ? value : [value];
  for (const object of objects) {
    if (!isRecord(object) || Array.isArray(object)) continue;
    for (const key of JSON_ID_KEYS) {
      const id = Object.prototype.hasOwnProperty.call(object, key) ? keyOf(object[key]) : undefined;
      if (id !== undefined) into.push(`json:${id}`);
    }
  }
}

function textIdKeys(parsed: ParsedText, into: string[]): void {
  if (parsed.kind === 'json') jsonIdKeys(parsed.value, into);
  else if (parsed.kind === 'records') for (const record of parsed.records) textIdKeys(record, into);
  else if (parsed.kind === 'socketio') {
    if (parsed.ack !== '') into.push(`ack:${keyOf(parsed.ack)}`);
    if (parsed.body) textIdKeys(parsed.body, into);
  }
}

/**
 * The pairing ids a message carries, as carrier-qualified keys: a page message's requests, or a
 * server message's answers (`side`). Timed mode holds an answer back until the page message with
 * the same recorded id was paired: sent earlier it would carry the recorded id, which the live
 * page never chose (mqtt.js ignores a SUBACK for a packet id it did not send).
 */
export function pairingIdsOf(parsed: ParsedMessage, side: 'page' | 'server'): string[] {
  const keys: string[] = [];
  if (parsed.kind !== 'binary') textIdKeys(parsed, keys);
  else if (parsed.mqtt) {
    for (const packet of parsed.mqtt) {
      if (side === 'page' ? !isMqttIdRequest(packet) : !isMqttIdReply(packet)) continue;
      const id = readMqttPacketId(parsed.bytes, packet);
      if (id !== undefined) keys.push(`mqtt:${keyOf(id)}`);
    }
  }
  return keys;
}
