/**
 * Intercept: breakpoints (pause matching messages for forward / edit / drop), rules (block,
 * rewrite, set a JSON field, delay, auto-reply; saved per origin, switched on and off one by one)
 * and the list of held messages. Filters use the panel's query language.
 */
import { useState } from 'preact/hooks';
import type { Breakpoint, HeldMessage, InterceptConfig } from '../../protocol/intercept';
import type { Rule, RuleAction } from '../../protocol/rules';
import { validateRule } from '../../intercept/rule-validate';
import type { HoldAction } from '../../protocol/messages';
import { formatClock } from '../common/format';
import { t } from '../common/i18n';
import { say } from '../common/coded-text';
import type { CodedText } from '../../lib/coded-text';
import { clipForDisplay } from '../common/clip';

export interface InterceptPanelProps {
  config: InterceptConfig;
  onConfig(config: InterceptConfig): void;
  held: HeldMessage[];
  onHoldAction(action: HoldAction): void;
  connectionLabel(connId: string): string;
}

let counter = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

const DEFAULT_ACTIONS: Record<RuleAction['type'], RuleAction> = {
  block: { type: 'block' },
  replace: { type: 'replace', find: '', replace: '' },
  setJson: { type: 'setJson', path: '$.', value: '""' },
  replaceHex: { type: 'replaceHex', find: '', replace: '' },
  delay: { type: 'delay', ms: 500 },
  autoReply: { type: 'autoReply', format: 'text', template: '{"ok":true}' },
};

export function InterceptPanel({ config, onConfig, held, onHoldAction, connectionLabel }: InterceptPanelProps) {
  const setBreakpoints = (breakpoints: Breakpoint[]) => onConfig({ ...config, breakpoints });
  const setRules = (rules: Rule[]) => onConfig({ ...config, rules });
  const updateRule = (id: string, change: Partial<Rule>) => setRules(config.rules.map((r) => (r.id === id ? { ...r, ...change } : r)));
  const updateBreakpoint = (id: string, change: Partial<Breakpoint>) => setBreakpoints(config.breakpoints.map((b) => (b.id === id ? { ...b, ...change } : b)));

  return (
    <section class="intercept" aria-label={t('intercept')}>
      <h3 class="section-title">{t('heldMessages', [String(held.length)])}</h3>
      {held.length === 0 ? <div class="empty">{t('nothingHeld')}</div> : held.map((h) => <HeldRow key={h.holdId} held={h} label={connectionLabel(h.connId)} onHoldAction={onHoldAction} />)}

      <h3 class="section-title">{t('breakpoints')}</h3>
      {config.breakpoints.map((b) => (
        <div class="rule-row" key={b.id} role="group" aria-label={t('breakpoint')}>
          <input type="checkbox" aria-label={t('enabled')} checked={b.enabled} onChange={(e) => updateBreakpoint(b.id, { enabled: (e.target as HTMLInputElement).checked })} />
          <DirectionSelect value={b.direction} onChange={(direction) => updateBreakpoint(b.id, { direction })} />
          <input class="rule-match" aria-label={t('ruleMatch')} placeholder={t('matchAll')} value={b.match} onChange={(e) => updateBreakpoint(b.id, { match: (e.target as HTMLInputElement).value })} />
          <button type="button" class="link" onClick={() => setBreakpoints(config.breakpoints.filter((x) => x.id !== b.id))}>
            {t('remove')}
          </button>
        </div>
      ))}
      <button type="button" class="secondary-button" onClick={() => setBreakpoints([...config.breakpoints, { id: newId('bp'), enabled: true, direction: 'both', match: '' }])}>
        {t('addBreakpoint')}
      </button>

      <h3 class="section-title">{t('rules')}</h3>
      {config.rules.map((rule) => (
        <RuleRow key={rule.id} rule={rule} onChange={(change) => updateRule(rule.id, change)} onRemove={() => setRules(config.rules.filter((r) => r.id !== rule.id))} />
      ))}
      <button
        type="button"
        class="secondary-button"
        onClick={() => setRules([...config.rules, { id: newId('rule'), name: t('newRuleName', [String(config.rules.length + 1)]), enabled: true, direction: 'receive', match: '', action: { type: 'block' } }])}
      >
        {t('addRule')}
      </button>
    </section>
  );
}

function DirectionSelect({ value, onChange }: { value: 'send' | 'receive' | 'both'; onChange(v: 'send' | 'receive' | 'both'): void }) {
  return (
    <select aria-label={t('col_direction')} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as 'send' | 'receive' | 'both')}>
      <option value="send">↑ {t('sent')}</option>
      <option value="receive">↓ {t('received')}</option>
      <option value="both">↕ {t('both')}</option>
    </select>
  );
}

function HeldRow({ held, label, onHoldAction }: { held: HeldMessage; label: string; onHoldAction(action: HoldAction): void }) {
  const [editing, setEditing] = useState<string | undefined>();
  const text = held.opcode === 1 ? (held.text ?? '') : (held.base64 ?? '');
  const base = { docId: held.docId, holdId: held.holdId };
  return (
    <div class={`held-row held-${held.state}`} role="group" aria-label={t('heldMessage')} data-hold-id={held.holdId}>
      <div class="held-facts">
        {held.dir === 'send' ? '↑' : '↓'} <span data-untranslated>{clipForDisplay(label)}</span> · {formatClock(held.since)} · {held.size} B · {t(`hold_${held.state}`)}
        {held.breakpoint && (
          <>
            {' · '}
            <span data-untranslated>{clipForDisplay(held.breakpoint)}</span>
          </>
        )}
      </div>
      {editing === undefined ? (
        <pre class="payload held-payload" data-untranslated>{text.length > 300 ? `${text.slice(0, 300)}…` : text}</pre>
      ) : (
        <textarea class="composer-input" aria-label={t('heldEdit')} value={editing} onInput={(e) => setEditing((e.target as HTMLTextAreaElement).value)} />
      )}
      <div class="actions">
        <button
          type="button"
          class="primary-button"
          onClick={() => onHoldAction(editing === undefined ? { ...base, action: 'forward' } : { ...base, action: 'forward', ...(held.opcode === 1 ? { text: editing } : { base64: editing }) })}
        >
          {editing === undefined ? t('forward') : t('forwardEdited')}
        </button>
        {editing === undefined && (
          <button type="button" class="secondary-button" onClick={() => setEditing(text)}>
            {t('edit')}
          </button>
        )}
        <button type="button" class="secondary-button" onClick={() => onHoldAction({ ...base, action: 'drop' })}>
          {t('drop')}
        </button>
      </div>
    </div>
  );
}

function RuleRow({ rule, onChange, onRemove }: { rule: Rule; onChange(change: Partial<Rule>): void; onRemove(): void }) {
  const errors = validateRule(rule);
  const action = rule.action;
  const setAction = (change: Partial<RuleAction>) => onChange({ action: { ...action, ...change } as RuleAction });
  const field = (label: string, value: string | number | undefined, set: (v: string) => void, wide = false, placeholder = label) => (
    <input class={wide ? 'rule-match' : 'rule-field'} aria-label={label} placeholder={placeholder} value={value ?? ''} onChange={(e) => set((e.target as HTMLInputElement).value)} />
  );
  return (
    <div class="rule" role="group" aria-label={t('rule')} data-rule-id={rule.id}>
      <div class="rule-row">
        <input type="checkbox" aria-label={t('enabled')} checked={rule.enabled} onChange={(e) => onChange({ enabled: (e.target as HTMLInputElement).checked })} />
        {field(t('ruleName'), rule.name, (name) => onChange({ name }))}
        <DirectionSelect value={rule.direction} onChange={(direction) => onChange({ direction })} />
        {field(t('ruleMatch'), rule.match, (match) => onChange({ match }), true)}
        <button type="button" class="link" onClick={onRemove}>
          {t('remove')}
        </button>
      </div>
      <div class="rule-row">
        <select aria-label={t('ruleAction')} value={action.type} onChange={(e) => onChange({ action: DEFAULT_ACTIONS[(e.target as HTMLSelectElement).value as RuleAction['type']] })}>
          {(Object.keys(DEFAULT_ACTIONS) as RuleAction['type'][]).map((type) => (
            <option key={type} value={type}>
              {t(`action_${type}`)}
            </option>
          ))}
        </select>
        {(action.type === 'replace' || action.type === 'replaceHex') && (
          <>
            {field(t('find'), action.find, (find) => setAction({ find }))}
            {field(t('replaceWith'), action.replace, (replace) => setAction({ replace }))}
            {action.type === 'replace' && (
              <label class="check">
                <input type="checkbox" checked={action.regex === true} onChange={(e) => setAction({ regex: (e.target as HTMLInputElement).checked })} />
                {t('regexOption')}
              </label>
            )}
          </>
        )}
        {action.type === 'setJson' && (
          <>
            {field(t('jsonPath'), action.path, (path) => setAction({ path }))}
            {field(t('jsonValue'), action.value, (value) => setAction({ value }))}
          </>
        )}
        {action.type === 'delay' && field(t('delayMs'), action.ms, (ms) => setAction({ ms: Number(ms) || 0 }))}
        {action.type === 'autoReply' && (
          <>
            {field(t('replyTemplate'), action.template, (template) => setAction({ template }), true, '{"id":{{json $.id}}}')}
            {field(t('delayMs'), action.delayMs ?? 0, (ms) => setAction({ delayMs: Number(ms) || 0 }))}
            <label class="check" title={t('replyInsteadOfServerTitle')}>
              <input type="checkbox" name="dropOriginal" checked={action.dropOriginal === true} onChange={(e) => setAction({ dropOriginal: (e.target as HTMLInputElement).checked })} />
              {t('replyInsteadOfServer')}
            </label>
          </>
        )}
      </div>
      {errors.length > 0 && (
        <div class="problem" role="alert">
          {clipForDisplay(errors.map((e) => say(e.problem as CodedText)).join(' · '))}
        </div>
      )}
    </div>
  );
}
