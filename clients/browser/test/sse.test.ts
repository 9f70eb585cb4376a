import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser, type SseMessage } from '../src/sse.js';

const stream =
  '\uFEFF: a comment\r\n' +
  'event: heartbeat\r\ndata: {}\r\n\r\n' +
  'id: 0193-a\nevent: session.revoked\ndata: {"type":"session.revoked",\ndata: "x":1}\n\n' +
  'retry: 1500\rdata: plain\r\r' +
  'data\n\n' +
  'event: no-data\n\n' +
  'data:  two spaces\n\n';

const expected: SseMessage[] = [
  { event: 'heartbeat', data: '{}', id: '' },
  { event: 'session.revoked', data: '{"type":"session.revoked",\n"x":1}', id: '0193-a' },
  { event: 'message', data: 'plain', id: '0193-a' },
  { event: 'message', data: '', id: '0193-a' },
  { event: 'message', data: ' two spaces', id: '0193-a' },
];

test('parses events, ids, multi-line data, comments, BOM and every line ending', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.feed(stream), expected);
  assert.equal(parser.retryMs, 1500);
  assert.equal(parser.lastEventId, '0193-a');
});

test('gives the same messages however the stream is cut into chunks (CRLF split across chunks included)', () => {
  for (let cut = 1; cut < stream.length; cut++) {
    const parser = new SseParser();
    const got = [...parser.feed(stream.slice(0, cut)), ...parser.feed(stream.slice(cut))];
    assert.deepEqual(got, expected, `cut at ${cut}`);
  }
  const parser = new SseParser();
  const got = [...stream].flatMap((ch) => parser.feed(ch));
  assert.deepEqual(got, expected, 'one character at a time');
});

test('an incomplete message is held until its blank line', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.feed('event: x\ndata: 1\n'), []);
  assert.deepEqual(parser.feed('\n'), [{ event: 'x', data: '1', id: '' }]);
});
