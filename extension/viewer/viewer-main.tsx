/** Entry of viewer.html: the same panel with no tab attached, for saved logs. */
import { createPanelStore } from '../../src/panel/state/store';
import { t } from '../../src/panel/common/i18n';
import { setupPage } from '../panel/page-setup';
import { mountPanel } from '../panel/mount-panel';

setupPage();
mountPanel({ store: createPanelStore(), notice: t('viewerNotice') });
