/**
 * The operation type and name of a GraphQL document, read from its text: enough for summaries
 * (`subscribe OnNewMessage`), without shipping a GraphQL parser to the panel. Fragments and
 * comments before the operation are skipped; a document starting with `{` is an anonymous query.
 */
export interface OperationInfo {
  type: 'query' | 'mutation' | 'subscription';
  name?: string;
}

export function operationOf(query: string, operationName?: string): OperationInfo | undefined {
  const text = query.replace(/#[^\n\r]*/g, ' ');
  const pattern = /\b(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/g;
  let first: OperationInfo | undefined;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // Only at the top level: an operation keyword is preceded by nothing but `}` or start.
    const before = text.slice(0, match.index).trim();
    if (before !== '' && !before.endsWith('}')) continue;
    const info: OperationInfo = { type: match[1] as OperationInfo['type'], name: match[2] };
    if (!operationName || info.name === operationName) return info;
    first ??= info;
  }
  if (first) return first;
  return text.trim().startsWith('{') ? { type: 'query', name: operationName } : undefined;
}
