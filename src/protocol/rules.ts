/**
 * Intercept rules as stored and edited: plain JSON, one list per origin, sent from the panel to
 * every frame's bridge. Applying them is `src/intercept/rules.ts`; validating them
 * `src/intercept/rule-validate.ts`.
 */

/** Which messages a rule or breakpoint looks at. */
export type RuleDirection = 'send' | 'receive' | 'both';

export interface Rule {
  /** Unique within the origin's list; marks and outcomes refer to it. */
  id: string;
  /** Shown in the timeline ("rule X acted"); may be empty (the id is shown then). */
  name: string;
  /** Rules are switched on and off one by one; disabled rules are kept and validated. */
  enabled: boolean;
  direction: RuleDirection;
  /** Filter query (`src/query`); empty matches every message of the direction. */
  match: string;
  action: RuleAction;
}

export type RuleAction = BlockAction | ReplaceAction | SetJsonAction | ReplaceHexAction | DelayAction | AutoReplyAction;

/** Drop the message: it never reaches the server (send) or the page (receive). */
export interface BlockAction {
  type: 'block';
}

/**
 * Find and replace in text messages, every occurrence. Plain `find` is literal and
 * case-sensitive (`$` in `replace` is literal too). With `regex`, `find` is a JavaScript regex
 * source with `flags` (`i`, `m`, `s`, `u`, `v`; `g` is implied, `y` is refused) and `replace` may
 * use `$1`, `$<name>`, `$&`, `$$`.
 */
export interface ReplaceAction {
  type: 'replace';
  find: string;
  replace: string;
  regex?: boolean;
  flags?: string;
}

/**
 * Set a JSON field of text messages that are JSON objects or arrays. `value` is JSON text
 * (`"admin"`, `42`, `{"a":1}`), so the editor can point at its syntax errors. See `json-set.ts`
 * for which paths apply; `$` replaces the whole document.
 */
export interface SetJsonAction {
  type: 'setJson';
  path: string;
  value: string;
}

/** Find and replace bytes in binary messages, every occurrence. Hex as the composer reads it. */
export interface ReplaceHexAction {
  type: 'replaceHex';
  find: string;
  replace: string;
}

/** Hold the message `ms` milliseconds before delivering it (delays of several rules add up). */
export interface DelayAction {
  type: 'delay';
  ms: number;
}

/**
 * Answer an outgoing message with a mock incoming one built from `template` (see
 * `template.ts`). `format` says what the expansion is: a text message, or the bytes of a
 * binary one written in hex or base64. The reply reaches the page `delayMs` after the message
 * was sent. With `dropOriginal` the message is not sent to the server: the rule answers instead
 * of it.
 */
export interface AutoReplyAction {
  type: 'autoReply';
  format: 'text' | 'hex' | 'base64';
  template: string;
  delayMs?: number;
  dropOriginal?: boolean;
}

/** The four things a rule can do, for grouping rules in the UI. */
export type RuleKind = 'block' | 'rewrite' | 'delay' | 'autoReply';

export function ruleKind(action: RuleAction): RuleKind {
  switch (action.type) {
    case 'replace':
    case 'setJson':
    case 'replaceHex':
      return 'rewrite';
    default:
      return action.type;
  }
}

/** Longest delay one rule may add: longer is almost surely a typo, and holds the page's traffic. */
export const MAX_DELAY_MS = 10 * 60 * 1000;

/** A validation failure: which field, what is wrong, and for text fields the offset to point at. */
export interface RuleFieldError {
  /** `id`, `name`, `enabled`, `direction`, `match`, `action`, `action.find`, `action.value`... */
  field: string;
  /** In English. */
  message: string;
  /**
   * The message as coded text (a code and the values that fill it; the engines' shape is
   * src/lib/coded-text.ts, written out here because protocol imports nothing), for a UI to say
   * in its own language.
   */
  problem: { readonly code: string; readonly params?: Readonly<Record<string, unknown>> };
  at?: number;
}
