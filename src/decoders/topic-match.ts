/**
 * MQTT topic filters for the message filter: `sensors/#` matches `sensors` and everything
 * below it, `+` matches exactly one level, and (per the spec) a filter starting with a wildcard
 * does not match topics starting with `$` (`$SYS/...`). `$share/<group>/` prefixes are dropped.
 */
export function isTopicFilter(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

export function mqttTopicMatches(filter: string, topic: string): boolean {
  const shared = /^\$share\/[^/]+\/(.*)$/.exec(filter);
  const levels = (shared ? shared[1] : filter).split('/');
  const parts = topic.split('/');
  if (topic.startsWith('$') && (levels[0] === '#' || levels[0] === '+')) return false;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level === '#') return i === levels.length - 1;
    if (i >= parts.length) return false;
    if (level !== '+' && level !== parts[i]) return false;
  }
  return levels.length === parts.length;
}

/**
 * Does a decoded field match a filter value? `topic` uses MQTT wildcards when the value has
 * any; everything else compares as text, exactly. Numbers compare by their decimal form.
 */
export function fieldMatches(fields: Record<string, string | number>, key: string, value: string): boolean {
  const actual = fields[key];
  if (actual === undefined) return false;
  const text = String(actual);
  if (key === 'topic' && isTopicFilter(value)) return mqttTopicMatches(value, text);
  return text === value;
}
