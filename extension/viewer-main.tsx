/** Entry of viewer.html: the same panel with no tab attached, for saved logs. */
import { createPanelStore } from '../src/panel/store';
import { t } from '../src/panel/i18n';
import { setupPage } from './page-setup';
import { mountPanel } from './mount-panel';

setupPage();
mountPanel({ store: createPanelStore(), notice: t('viewerNotice') });
