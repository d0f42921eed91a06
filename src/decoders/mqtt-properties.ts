/**
 * MQTT 5 PUBLISH properties as flat decoded fields, so the Decoded view lists them beside the
 * topic and QoS while the payload tree stays the application message. Names follow `mqtt-packet`
 * (and so the specification); each user property becomes `user.<name>` (the prefix keeps an
 * application's names apart from the standard keys), repeated ones joined by ", ".
 */
import type { IPublishPacket } from 'mqtt-packet';
import { isPrintable, utf8OrUndefined } from './support/input';
import { asBytes, binaryView } from './support/json-value';
import { clip } from './support/result';

export type PublishProperties = NonNullable<IPublishPacket['properties']>;

/** Correlation data is binary: as text when it reads as text (request ids mostly do), else hex. */
function correlationText(value: unknown): string | undefined {
  const bytes = asBytes(value);
  if (!bytes) return typeof value === 'string' ? clip(value) : undefined;
  const text = utf8OrUndefined(bytes);
  return text !== undefined && text !== '' && isPrintable(text) ? clip(text) : binaryView(bytes).hex;
}

const joined = (value: unknown, separator: string): string => (Array.isArray(value) ? value.map(String).join(separator) : String(value));

export function publishPropertyFields(properties: PublishProperties | undefined): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  if (!properties) return fields;
  const { contentType, payloadFormatIndicator, messageExpiryInterval, topicAlias, responseTopic, correlationData, subscriptionIdentifier, userProperties } = properties;
  if (typeof contentType === 'string') fields.contentType = contentType;
  // 1: the payload is UTF-8 text, 0: unspecified bytes (mqtt-packet gives a boolean).
  if (payloadFormatIndicator !== undefined) fields.payloadFormatIndicator = payloadFormatIndicator ? 1 : 0;
  if (typeof messageExpiryInterval === 'number') fields.messageExpiryInterval = messageExpiryInterval;
  if (typeof topicAlias === 'number') fields.topicAlias = topicAlias;
  if (typeof responseTopic === 'string') fields.responseTopic = responseTopic;
  const correlation = correlationText(correlationData);
  if (correlation !== undefined) fields.correlationData = correlation;
  // Several SUBSCRIBEs may match one message: the broker then sends each of their identifiers.
  if (subscriptionIdentifier !== undefined) fields.subscriptionIdentifier = joined(subscriptionIdentifier, ' ');
  if (userProperties) {
    for (const [name, value] of Object.entries(userProperties)) fields[`user.${name}`] = clip(joined(value, ', '));
  }
  return fields;
}
