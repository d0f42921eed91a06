/**
 * A decoder's name in the panel's language. Protocol names stay as they are (`Socket.IO`,
 * `MQTT`); the fallbacks and the names with words in them (`JSON / text`, `Binary (hex)`, a
 * "legacy" protocol) have a message key `decoder_<id>`.
 */
import type { Decoder } from '../../decoders';
import { t } from '../common/i18n';

export function decoderLabel(decoder: Pick<Decoder, 'id' | 'label'>): string {
  const key = `decoder_${decoder.id.replace(/[^A-Za-z0-9]/g, '_')}`;
  const said = t(key);
  return said === key ? decoder.label : said;
}
