import { describe, expect, it } from 'vitest';
import { topicFilterProblem, topicMatches } from '../../../src/query';

describe('MQTT topic filters', () => {
  it.each([
    // The examples of MQTT 3.1.1 §4.7.1 and 5.0 §4.7.1.
    ['sport/tennis/player1/#', 'sport/tennis/player1', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
    ['sport/#', 'sport', true],
    ['#', 'sport/tennis', true],
    ['#', '/', true],
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/+', 'sport', false],
    ['sport/+', 'sport/', true],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
    ['+/tennis/#', 'sport/tennis', true],
    // Exact levels, case-sensitive.
    ['sensors/kitchen', 'sensors/kitchen', true],
    ['sensors/kitchen', 'sensors/Kitchen', false],
    ['sensors/kitchen', 'sensors/kitchen/temp', false],
    ['sensors/+/temp', 'sensors//temp', true],
    ['a/#', 'ab', false],
    // Wildcards at the start do not reach `$` topics (§4.7.2).
    ['#', '$SYS/broker/uptime', false],
    ['+/monitor/Clients', '$SYS/monitor/Clients', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('names invalid filters', () => {
    expect(topicFilterProblem('a/#/b')).toBe('"#" must be a whole level and the last one');
    expect(topicFilterProblem('a#')).toBe('"#" must be a whole level and the last one');
    expect(topicFilterProblem('a/b+')).toBe('"+" must be a whole level');
    expect(topicFilterProblem('')).toBe('empty topic filter');
    expect(topicFilterProblem('a/+/#')).toBeUndefined();
    expect(topicMatches('a/#/b', 'a/x/b')).toBe(false);
  });
});
