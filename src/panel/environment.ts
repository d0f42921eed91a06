/**
 * What the page hosting the panel gives it. The same panel runs in DevTools, in a tab and in the
 * offline viewer; everything that differs between them (a live tab's sockets, files, storage)
 * comes in through these services, grouped by what they make possible, so a feature shows
 * exactly when its service is there. Plain types, apart from the components: state modules and
 * the extension's entries name them without importing UI.
 */
import type { CommandOutcome, HoldAction, SocketCommand } from '../protocol/messages';
import type { InterceptConfig } from '../protocol/intercept';
import type { Rule } from '../protocol/rules';
import type { SnippetStore } from '../intercept/snippets';
import type { ImportParser } from './logs/import-file';
import type { ServeScript } from '../protocol/serve';

/** Acts on a page socket (send / deliver) and resolves with the page's answer. */
export type SendCommand = (command: Omit<SocketCommand, 'ref'>) => Promise<CommandOutcome>;

/** Intercept rules saved per origin of the inspected page. */
export interface RulesStore {
  load(origin: string): Promise<Rule[]>;
  save(origin: string, rules: Rule[]): Promise<void>;
}

/** Saving and reading log files. Without it there is no Export (Import then parses in the panel). */
export interface LogFiles {
  /** Saves an exported file (downloads API in the extension). */
  download(blob: Blob, fileName: string): Promise<void> | void;
  /** Reads and parses an imported file (the extension's does it in a worker). */
  parseImport?: ImportParser;
  /** Extension version, written into exported files. */
  version?: string;
}

/**
 * Chrome's Deep capture: the sockets of the page's workers through `chrome.debugger`, an opt-in
 * remembered per origin (Chrome shows its "started debugging this browser" bar while it is on).
 * Absent where it does not exist (Firefox needs none; the viewer has no tab).
 */
export interface DeepCaptureControl {
  /** Whether it is on for the inspected tab's origin. */
  get(): Promise<DeepCaptureState>;
  /**
   * Turns it on or off for the inspected tab's origin. Turning it on asks for the `debugger`
   * permission first, so call it from the user's click (a user gesture).
   */
  set(on: boolean): Promise<DeepCaptureState>;
}

export interface DeepCaptureState {
  on: boolean;
  /** The origin it is remembered for ('' when the tab shows no http(s) page). */
  origin: string;
  /** Why it could not be turned on: the permission was refused, or attaching failed (Chrome's words). */
  error?: { code: 'denied' } | { code: 'failed'; detail: string };
}

/**
 * A live inspected tab. Without it (the viewer) there is no composer, replay, intercept or
 * "open connection": imported connections are never live.
 */
export interface LivePage {
  /** Acts on a page socket (send / deliver). */
  command: SendCommand;
  /** Opens a new WebSocket from the inspected page (its origin and cookies). */
  openConnection(url: string, protocols: string[]): Promise<CommandOutcome>;
  /** Sends rules and breakpoints to the inspected tab. */
  intercept(config: InterceptConfig): void;
  /** Forwards, edits or drops a held message. */
  holdAction(action: HoldAction): void;
  /** Rules saved per origin (loaded when the inspected origin becomes known). */
  rulesStore?: RulesStore;
  /** Snippets saved per origin. */
  snippetsFor?(origin: string): SnippetStore;
  /** "Serve from log": answering the tab's sockets from recorded connections. */
  serving?: ServingControl;
  /** Chrome only: Deep capture of the workers' sockets. */
  deepCapture?: DeepCaptureControl;
}

/** The tab's servings, kept by the router (several at once, one per script id). */
export interface ServingControl {
  /** Serves the script (replaces one of the same id). */
  serve(script: ServeScript): void;
  /** Stops the serving with this id (`'*'`: every one). */
  unserve(id: string): void;
  /** Calls `listener` with the tab's scripts now and on each change; returns a function that stops it. */
  watch(listener: (scripts: ServeScript[]) => void): () => void;
  /** Reloads the inspected page ("Serve and reload"). */
  reload(): void;
}

/**
 * The host's own search bar (Chromium DevTools' Ctrl+F bar over an extension panel, through
 * `ExtensionPanel.onSearch`): the panel puts its query in the Filter box. Firefox has none.
 */
export type HostSearchAction = 'performSearch' | 'nextSearchResult' | 'previousSearchResult' | 'cancelSearch';
export interface HostSearch {
  /** Calls `onSearch` for each action of the search bar; returns a function that stops it. */
  listen(onSearch: (action: HostSearchAction, query?: string) => void): () => void;
}
