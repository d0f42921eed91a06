/**
 * Collapsible JSON tree with "copy path" and "copy value" per node. Children render only when
 * expanded, and long arrays/objects in pages of 100, so a 4 MB payload opens at once.
 */
import { useState } from 'preact/hooks';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';

const PAGE = 100;

export function jsonPathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export interface JsonTreeProps {
  value: unknown;
  onCopy(text: string): void;
}

export function JsonTree({ value, onCopy }: JsonTreeProps) {
  return (
    <div class="json-tree" role="tree" aria-label={t('jsonTree')}>
      <JsonNode name="$" path="$" value={value} depth={0} onCopy={onCopy} />
    </div>
  );
}

function JsonNode({ name, path, value, depth, onCopy }: { name: string; path: string; value: unknown; depth: number; onCopy(text: string): void }) {
  const isContainer = typeof value === 'object' && value !== null;
  const [open, setOpen] = useState(depth < 2);
  const [shown, setShown] = useState(PAGE);
  const entries: [string | number, unknown][] = isContainer ? (Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as object)) : [];
  const summary = Array.isArray(value) ? `Array(${value.length})` : isContainer ? `{${entries.length}}` : undefined;
  return (
    <div class="json-node" role="treeitem" aria-expanded={isContainer ? open : undefined} aria-label={clipForDisplay(path)}>
      <span class="json-line">
        {isContainer ? (
          <button type="button" class="json-toggle" aria-label={open ? t('collapse') : t('expand')} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span class="json-toggle-space" />
        )}
        <span class="json-key" data-untranslated>
          {clipForDisplay(name)}
        </span>
        <span class="json-colon">: </span>
        {isContainer ? (
          <span class="json-summary" data-untranslated>
            {summary}
          </span>
        ) : (
          <span data-untranslated>
            <JsonScalar value={value} />
          </span>
        )}
        <span class="json-actions">
          <button type="button" class="link" title={clipForDisplay(path)} onClick={() => onCopy(path)}>
            {t('copyPath')}
          </button>
          <button type="button" class="link" onClick={() => onCopy(typeof value === 'string' ? value : JSON.stringify(value, null, 2))}>
            {t('copyValue')}
          </button>
        </span>
      </span>
      {isContainer && open && (
        <div class="json-children" role="group">
          {entries.slice(0, shown).map(([key, child]) => (
            <JsonNode key={String(key)} name={String(key)} path={jsonPathOf(path, key)} value={child} depth={depth + 1} onCopy={onCopy} />
          ))}
          {entries.length > shown && (
            <button type="button" class="link more" onClick={() => setShown(shown + PAGE * 10)}>
              {t('showMore', [String(entries.length - shown)])}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function JsonScalar({ value }: { value: unknown }) {
  // Only the shown part is quoted: JSON.stringify of a 50 MB string alone took 0.3 s.
  if (typeof value === 'string') return <span class="json-string">{clipForDisplay(JSON.stringify(clipForDisplay(value)))}</span>;
  if (typeof value === 'number') return <span class="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span class="json-boolean">{String(value)}</span>;
  return <span class="json-null">null</span>;
}
