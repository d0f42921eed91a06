/**
 * MQTT topic filters (MQTT 3.1.1 §4.7 / 5.0 §4.7), for `topic:` queries: the query is the filter,
 * the message's decoded topic is the name.
 *   `+` matches exactly one level (possibly empty): `a/+/c` matches `a/b/c` and `a//c`, not `a/c`.
 *   `#` matches the parent level and any number of levels below it, and must be last:
 *       `a/#` matches `a`, `a/b`, `a/b/c`.
 *   Filters starting with a wildcard do not match topics starting with `$` (`$SYS/...`), as brokers do.
 * Level comparison is exact and case-sensitive.
 */
import type { CodedText } from '../lib/coded-text';
import { queryTexts } from './texts';

/** Why `filter` is not a valid topic filter, or undefined when it is. */
export function topicFilterProblem(filter: string): string | undefined {
  const problem = topicFilterProblemText(filter);
  return problem && queryTexts.english(problem);
}

/** `topicFilterProblem` as coded text. */
export function topicFilterProblemText(filter: string): CodedText | undefined {
  const said = queryTexts.text;
  if (filter === '') return said('query.topic.empty');
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return said('query.topic.hash');
    if (level.includes('+') && level !== '+') return said('query.topic.plus');
  }
  return undefined;
}

/** Precompiles a valid filter (check `topicFilterProblem` first) into a matcher of topic names. */
export function topicMatcher(filter: string): (topic: string) => boolean {
  if (!filter.includes('+') && !filter.includes('#')) return (topic) => topic === filter;
  const levels = filter.split('/');
  const multi = levels[levels.length - 1] === '#';
  const fixed = multi ? levels.slice(0, -1) : levels;
  const wildcardFirst = levels[0] === '+' || levels[0] === '#';
  return (topic) => {
    if (wildcardFirst && topic.charCodeAt(0) === 0x24 /* $ */) return false;
    const names = topic.split('/');
    // With a trailing `#`, the name needs at least the levels before it (so `a/#` matches `a`
    // itself); without one, exactly as many levels as the filter.
    if (multi ? names.length < fixed.length : names.length !== fixed.length) return false;
    for (let i = 0; i < fixed.length; i++) {
      if (fixed[i] !== '+' && fixed[i] !== names[i]) return false;
    }
    return true;
  };
}

/** Convenience for one-off checks; validates and matches. Invalid filters match nothing. */
export function topicMatches(filter: string, topic: string): boolean {
  return topicFilterProblem(filter) === undefined && topicMatcher(filter)(topic);
}
