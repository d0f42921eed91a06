/**
 * A failed socket command (Send, Deliver to page, Replay, New connection) in the panel's language:
 * what Frameline itself refused has a code (`CommandFailure`); anything else (the page's own
 * exception) is shown in its words.
 */
import type { CommandOutcome } from '../../protocol/messages';
import { t } from './i18n';

export function commandFailureText(outcome: Pick<CommandOutcome, 'error' | 'failure'>): string {
  const failure = outcome.failure;
  switch (failure?.code) {
    case 'socketGone':
      return t('commandSocketGone');
    case 'socketNotOpen':
      return t(failure.action === 'send' ? 'commandNotOpenSend' : 'commandNotOpenDeliver', [t(`state_${failure.state}`)]);
    case 'noHook':
      return t('commandNoHook');
    case 'notThisPage':
      return t('commandNotThisPage');
    case 'noAnswer':
      return t('commandNoAnswer');
    case 'debuggerCapture':
      return t('commandDebuggerCapture');
  }
  return outcome.error ?? t('commandFailed');
}
