/** Generic CBOR (via `cbor2`): one value per binary message. */
import { cborValue } from './support/binary-formats';
import { selfDescribingDecoder } from './support/self-describing';

export const cborDecoder = selfDescribingDecoder('cbor', 'CBOR', cborValue);
