/**
 * Unit tests render panel texts without browser.i18n: install the English catalogue that the
 * extension gets from the browser (src/panel/common/i18n.ts).
 */
import english from '../../public/_locales/en/messages.json';
import { setEnglishMessages } from '../../src/panel/common/i18n';

setEnglishMessages(english as Record<string, { message: string }>);
