/** The origin of the inspected page: what rules and snippets are saved under. */

/** Characters of the URL parsed for its origin: far past any real scheme and host. */
const ORIGIN_HEAD_CHARS = 8192;

/**
 * The origin of `url`, undefined when there is none (the viewer) or it does not parse. Only the
 * URL's start is parsed (a whole 50 MB URL took 0.4 s); a URL whose authority does not end
 * within it has no origin worth keeping rules under.
 */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    if (url.length <= ORIGIN_HEAD_CHARS) return new URL(url).origin;
    const authority = /^[a-z][a-z\d+.-]*:\/\/[^/?#\\]*[/?#\\]/i.exec(url.slice(0, ORIGIN_HEAD_CHARS));
    return authority ? new URL(authority[0]).origin : undefined;
  } catch {
    return undefined;
  }
}
