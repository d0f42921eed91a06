/** Generic MessagePack (via `@msgpack/msgpack`): one value per binary message. */
import { msgpackValue } from './support/binary-formats';
import { selfDescribingDecoder } from './support/self-describing';

export const msgpackDecoder = selfDescribingDecoder('msgpack', 'MessagePack', msgpackValue);
