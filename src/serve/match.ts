/**
 * Whether the page's live message is the recorded one it stands for (conversational mode, and
 * pairing for id carrying in both modes). Three ways, as the user picks (ServeMatch):
 *
 *   exact  the same message, except the ids a protocol pairs by (see ids.ts: those are the
 *          page's to choose) and an MQTT CONNECT's client id (mqtt.js makes a random one)
 *   shape  the same JSON shape: keys and value kinds, recursively, with the message's names
 *          (`type`, `method`, `event`..., Socket.IO's event name) equal; text that is not JSON
 *          must be equal; MQTT: same packet types, same PUBLISH topics
 *   path   the values at a JSON path (src/lib/json-path.ts) equal; a recorded message with
 *          nothing at the path (`40`, a handshake) must match exactly
 *
 * Socket.IO packets compare their head (packet type, namespace) exactly and their JSON body by
 * the mode; SignalR records compare record by record.
 */
import { parseJsonPath, resolveJsonPath, type JsonPathSegment } from '../lib/json-path';
import type { ServeMatch } from '../protocol/serve';
import { jsonEqual, jsonEqualButIds, jsonSameShape } from './json-values';
import { MQTT, mqttPacketIdOffset, mqttPublishTopic, type MqttPacketView } from './mqtt-packets';
import type { ParsedMessage, ParsedText } from './parse';

export type MessageMatcher = (recorded: ParsedMessage, live: ParsedMessage) => boolean;

type Compare = (recorded: unknown, live: unknown) => boolean;

function compareTexts(recorded: ParsedText, live: ParsedText, json: Compare): boolean {
  if (recorded.text === live.text) return true;
  if (recorded.kind !== live.kind) return false;
  switch (recorded.kind) {
    case 'text':
      return false;
    case 'json':
      return json(recorded.value, (live as typeof recorded).value);
    case 'records': {
      const other = (live as typeof recorded).records;
      return recorded.records.length === other.length && recorded.records.every((r, i) => compareTexts(r, other[i], json));
    }
    case 'socketio': {
      const other = live as typeof recorded;
      if (recorded.head !== other.head) return false;
      if (!recorded.body || !other.body) return !recorded.body && !other.body;
      return compareTexts(recorded.body, other.body, json);
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array, skip = -1): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && i !== skip && i !== skip + 1) return false;
  return true;
}

function sameMqttPacket(a: Uint8Array, pa: MqttPacketView, b: Uint8Array, pb: MqttPacketView, shapeOnly: boolean): boolean {
  if (pa.type !== pb.type) return false;
  if (pa.type === MQTT.CONNECT) return true;
  if (pa.type === MQTT.PUBLISH) {
    const ta = mqttPublishTopic(a, pa);
    const tb = mqttPublishTopic(b, pb);
    if (!ta || !tb || !sameBytes(ta, tb) || ((pa.flags >> 1) & 3) !== ((pb.flags >> 1) & 3)) return false;
    if (shapeOnly) return true;
  } else if (shapeOnly && pa.type !== MQTT.SUBSCRIBE && pa.type !== MQTT.UNSUBSCRIBE) {
    return true;
  }
  // The rest of the packet byte for byte, but the packet id (and PUBLISH's dup flag).
  const idA = mqttPacketIdOffset(a, pa);
  const idB = mqttPacketIdOffset(b, pb);
  if (idA - pa.start !== idB - pb.start) return false;
  return sameBytes(a.subarray(pa.body, pa.end), b.subarray(pb.body, pb.end), idA < 0 ? -1 : idA - pa.body);
}

function compareBinary(recorded: ParsedMessage & { kind: 'binary' }, live: ParsedMessage & { kind: 'binary' }, shapeOnly: boolean): boolean {
  if (sameBytes(recorded.bytes, live.bytes)) return true;
  if (!recorded.mqtt || !live.mqtt || recorded.mqtt.length !== live.mqtt.length) return false;
  return recorded.mqtt.every((p, i) => sameMqttPacket(recorded.bytes, p, live.bytes, live.mqtt![i], shapeOnly));
}

function compareWith(json: Compare, shapeOnly: boolean): MessageMatcher {
  return (recorded, live) => {
    if (recorded.kind === 'binary' || live.kind === 'binary') {
      return recorded.kind === 'binary' && live.kind === 'binary' && compareBinary(recorded, live, shapeOnly);
    }
    return compareTexts(recorded, live, json);
  };
}

const exact = compareWith(jsonEqualButIds, false);
const shape = compareWith(jsonSameShape, true);

/** The JSON a path looks into: the message, a Socket.IO packet's body, each SignalR record. */
function jsonValuesOf(parsed: ParsedMessage): unknown[] | undefined {
  switch (parsed.kind) {
    case 'json':
      return [parsed.value];
    case 'socketio':
      return parsed.body?.kind === 'json' ? [parsed.body.value] : undefined;
    case 'records':
      return parsed.records.every((r) => r.kind === 'json') ? parsed.records.map((r) => (r as { value: unknown }).value) : undefined;
    default:
      return undefined;
  }
}

function byPath(path: JsonPathSegment[]): MessageMatcher {
  return (recorded, live) => {
    const values = jsonValuesOf(recorded);
    const found = values?.map((v) => resolveJsonPath(v, path));
    if (!values || !found || found.every((f) => f.length === 0)) return exact(recorded, live);
    if (recorded.kind === 'socketio' && (live.kind !== 'socketio' || live.head !== recorded.head)) return false;
    const liveValues = jsonValuesOf(live);
    if (!liveValues || liveValues.length !== values.length) return false;
    return liveValues.every((v, i) => jsonEqual(resolveJsonPath(v, path), found[i]));
  };
}

/** The matcher for a ServeMatch. A path that does not parse matches exactly (the panel refuses it before). */
export function createMessageMatcher(match: ServeMatch): MessageMatcher {
  if (match.kind === 'shape') return shape;
  if (match.kind === 'path') {
    const parsed = parseJsonPath(match.path);
    return parsed.ok ? byPath(parsed.path) : exact;
  }
  return exact;
}
