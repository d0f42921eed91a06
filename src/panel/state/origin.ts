/** The origin of the inspected page: what rules and snippets are saved under. */

/** The origin of `url`, undefined when there is none (the viewer) or it does not parse. */
export function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}
