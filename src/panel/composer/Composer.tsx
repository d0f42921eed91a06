/**
 * The composer, bound to one open connection of the inspected page: text (with a JSON check when
 * it looks like JSON), JSON (refused unless valid: the caret goes to the error), or binary (hex or
 * base64) input, with pretty/compact for JSON, then **Send** (out through the page's socket,
 * as if the page had called send()) or **Deliver to page** (to the page's listeners, as if the
 * server had sent it). Failures (closed socket...) are shown here; nothing is dropped silently.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { checkJson, composePayload, convertEditorText, layoutJson, nextJsonLayout, type ComposerMode } from '../../intercept/composer';
import type { ConnectionInfo } from '../../protocol/records';
import { t } from '../common/i18n';
import { say, sayError } from '../common/coded-text';
import { commandFailureText } from '../common/command-failure';
import { clipForDisplay } from '../common/clip';
import type { Snippet, SnippetStore } from '../../intercept/snippets';
import type { SendCommand } from '../environment';

export interface ComposerProps {
  connection: ConnectionInfo;
  onCommand: SendCommand;
  /** Text put in the editor from outside ("Edit" on a message), with its mode. */
  preset?: { mode: ComposerMode; text: string; nonce: number };
  /** Saved snippets of the inspected origin. */
  snippets?: SnippetStore;
}

export function Composer({ connection, onCommand, preset, snippets }: ComposerProps) {
  const [saved, setSaved] = useState<Snippet[]>([]);
  useEffect(() => {
    void snippets?.list().then(setSaved, () => setSaved([]));
  }, [snippets]);
  const [mode, setMode] = useState<ComposerMode>('text');
  const [input, setInput] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | undefined>();
  useEffect(() => {
    if (preset) {
      setMode(preset.mode);
      setInput(preset.text);
      setStatus(undefined);
    }
  }, [preset?.nonce]);

  const editor = useRef<HTMLTextAreaElement>(null);
  // JSON mode checks everything typed; text mode only what looks like JSON (a hint, never a refusal).
  const looksJson = mode === 'json' ? input.trim() !== '' : mode === 'text' && /^\s*[[{]/.test(input);
  const json = looksJson ? checkJson(input) : undefined;

  /** Puts the caret on the character a problem is about, so the user sees where to fix. */
  function pointAt(offset: number): void {
    const area = editor.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(offset, Math.min(input.length, offset + 1));
  }

  function switchMode(next: ComposerMode): void {
    // Keep the bytes when they convert; else start the new mode empty and say why.
    const converted = convertEditorText(input, mode, next);
    setMode(next);
    setInput(converted.ok ? converted.text : '');
    setStatus(converted.ok ? undefined : { ok: false, text: say(converted.problem) });
  }

  async function run(action: 'send' | 'deliver'): Promise<void> {
    const composed = composePayload({ mode, input });
    if (!composed.ok) {
      setStatus({ ok: false, text: say(composed.problem) });
      return pointAt(composed.offset);
    }
    setStatus(undefined);
    const outcome = await onCommand({ connId: connection.id, action, mark: 'injected', ...composed.payload });
    setStatus(outcome.ok ? { ok: true, text: action === 'send' ? t('sentToServer', [String(composed.size)]) : t('deliveredToPage', [String(composed.size)]) } : { ok: false, text: commandFailureText(outcome) });
  }

  return (
    <section class="composer" aria-label={t('composer')}>
      <div class="composer-bar">
        <span class="group" role="radiogroup" aria-label={t('composerMode')}>
          {(['text', 'json', 'hex', 'base64'] as const).map((m) => (
            <button key={m} type="button" role="radio" aria-checked={mode === m} class={`toggle${mode === m ? ' on' : ''}`} onClick={() => switchMode(m)}>
              {t(`mode_${m}`)}
            </button>
          ))}
        </span>
        {looksJson && (
          <>
            <span id="composer-json-check" class={json?.ok ? 'json-ok' : 'json-bad'} role="status">
              {json?.ok ? t('validJson') : json && say(json.problem)}
            </span>
            <button
              type="button"
              class="link"
              disabled={!json?.ok}
              onClick={() => {
                const laid = layoutJson(input, nextJsonLayout(input));
                if (laid.ok) setInput(laid.text);
              }}
            >
              {t('prettyCompact')}
            </button>
          </>
        )}
      </div>
      {snippets && (
        <div class="composer-bar">
          <select
            aria-label={t('snippets')}
            value=""
            onChange={(e) => {
              const snippet = saved.find((x) => x.id === (e.target as HTMLSelectElement).value);
              if (!snippet) return;
              setMode(snippet.payload.opcode === 1 ? (mode === 'json' ? 'json' : 'text') : 'base64');
              setInput(snippet.payload.opcode === 1 ? (snippet.payload.text ?? '') : (snippet.payload.base64 ?? ''));
              setStatus(undefined);
            }}
          >
            <option value="">{t('snippetsPick', [String(saved.length)])}</option>
            {saved.map((x) => (
              <option key={x.id} value={x.id}>
                {clipForDisplay(x.name)}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="link"
            data-action="save-snippet"
            onClick={() => {
              const composed = composePayload({ mode, input });
              if (!composed.ok) return setStatus({ ok: false, text: say(composed.problem) });
              const name = input.trim().slice(0, 40) || t('snippet');
              void snippets.add(name, composed.payload).then(
                () => snippets.list().then(setSaved),
                (error: unknown) => setStatus({ ok: false, text: sayError(error) }),
              );
            }}
          >
            {t('saveSnippet')}
          </button>
        </div>
      )}
      <textarea
        ref={editor}
        class="composer-input"
        aria-label={t('composerInput')}
        aria-invalid={mode === 'json' && json && !json.ok ? true : undefined}
        aria-describedby={mode === 'json' && json && !json.ok ? 'composer-json-check' : undefined}
        spellcheck={false}
        rows={4}
        value={input}
        placeholder={mode === 'text' || mode === 'json' ? '{"type":"ping"}' : mode === 'hex' ? 'de ad be ef' : '3q2+7w=='}
        onInput={(e) => {
          setInput((e.target as HTMLTextAreaElement).value);
          setStatus(undefined);
        }}
      />
      <div class="composer-bar">
        <button type="button" class="primary-button" aria-label={t('send')} title={t('sendTitle')} onClick={() => void run('send')}>
          {t('send')}
        </button>
        <button type="button" class="secondary-button" onClick={() => void run('deliver')} title={t('deliverTitle')}>
          {t('deliverToPage')}
        </button>
        {status && (
          <span class={`composer-result ${status.ok ? 'json-ok' : 'json-bad'}`} role={status.ok ? 'status' : 'alert'}>
            {clipForDisplay(status.text)}
          </span>
        )}
      </div>
    </section>
  );
}
