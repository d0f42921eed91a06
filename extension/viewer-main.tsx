/** Entry of viewer.html: the same panel with no tab attached, for saved logs. */
import { render } from 'preact';
import { App } from '../src/panel/components/App';
import { createPanelStore } from '../src/panel/store';
import { t } from '../src/panel/i18n';
import { setupPage } from './page-setup';

setupPage();
render(<App store={createPanelStore()} notice={t('viewerNotice')} />, document.getElementById('app')!);
