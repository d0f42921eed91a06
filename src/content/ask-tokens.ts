/**
 * The bridge's own numbers for held messages. The frame's hook and each of its dedicated workers'
 * hooks (relayed up with `ctx.w`, src/page/hook-workers.ts) number their `ask` records on their
 * own, so two of them can hold a message under the same token. The interceptor sees only the
 * bridge's token; a `decide` goes back to the hook that asked (`w`, undefined for the frame's),
 * under that hook's token. A route is used once: a decided message is gone from its hook.
 */

export interface AskRoute {
  /** The worker path ("3", "3/1"); undefined for the frame's own hook. */
  w?: string;
  token: number;
}

export interface AskTokens {
  /** The bridge's token for `token` asked by hook `w`. */
  map(w: string | undefined, token: number): number;
  /** Where a decision for the bridge's `token` goes; undefined when unknown or already decided. */
  take(token: number): AskRoute | undefined;
  /** Forgets every route (the hooks let go of what they held). */
  clear(): void;
}

export function createAskTokens(): AskTokens {
  const routes = new Map<number, AskRoute>();
  let next = 1;
  return {
    map(w, token) {
      const own = next++;
      routes.set(own, w === undefined ? { token } : { w, token });
      return own;
    },
    take(token) {
      const route = routes.get(token);
      routes.delete(token);
      return route;
    },
    clear: () => routes.clear(),
  };
}
