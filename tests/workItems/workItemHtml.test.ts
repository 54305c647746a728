// sanitizeHtml keeps what Plane's editor produces and removes everything that could run script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSafeUrl, sanitizeHtml } from '../../server/validation/html.ts';
import { stripHtml } from '../../server/commands/workItemFields.ts';

test('keeps the editor subset unchanged', () => {
  const kept = [
    '<p>Hello <strong>bold</strong> <em>it</em> <code>x &lt; y</code> &amp; more</p>',
    '<ul data-type="taskList"><li data-checked="true" data-type="taskItem"><label><input type="checkbox" checked></label><div><p>done</p></div></li></ul>',
    '<h2>Title</h2><blockquote><p>q</p></blockquote><pre><code class="language-ts">const a = 1;</code></pre>',
    '<p><a href="https://example.com/a?b=1&amp;c=2">link</a> <a href="/relative/path">rel</a> <a href="mailto:a@b.c">mail</a></p>',
    '<mention-component entity_identifier="6f1c" entity_name="user_mention"></mention-component>',
    '<table><tbody><tr><th colspan="2">h</th></tr><tr><td>a</td><td>b</td></tr></tbody></table>',
    '<p><img src="/api/assets/v2/abc/" alt="pic"></p><hr><p>after<br>break</p>',
  ];
  for (const html of kept) assert.equal(sanitizeHtml(html), html);
});

test('removes scripts, handlers, dangerous URLs and unknown tags', () => {
  const cases: Array<[string, string]> = [
    ['<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
    ['<SCRIPT SRC=//evil.js></SCRIPT><p>x</p>', '<p>x</p>'],
    ['<img src=x onerror=alert(1)>', '<img src="x">'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="JaVa&#x09;ScRiPt&colon;alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" &#106;avascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
    [
      '<a href="https://e.com" target="_blank" rel="opener">x</a>',
      '<a href="https://e.com" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    ],
    ['<iframe src="https://e.com"></iframe><p>k</p>', '<p>k</p>'],
    ['<svg><g onload="alert(1)"></g></svg>ok', 'ok'],
    ['<style>body{display:none}</style><p style="color:red" onclick="x()">t</p>', '<p>t</p>'],
    ['<form action="/x"><button>go</button></form>', 'go'],
    ['<input type="text" value="x"><input type="checkbox">', '<input type="checkbox">'],
    ['<!-- c --><p>x</p>', '<p>x</p>'],
    ['<p>unclosed <strong>bold', '<p>unclosed <strong>bold</strong></p>'],
    ['</div><p>stray close</p></em>', '<p>stray close</p>'],
    ['1 < 2 & 3 > 2 <scr<script>ipt>alert(1)</script>', '1 &lt; 2 &amp; 3 &gt; 2 &lt;scr'],
    ['<p title="a&quot;><script>">x</p>', '<p title="a&quot;&gt;&lt;script&gt;">x</p>'],
    ['<math><mi xlink:href="javascript:alert(1)">x</mi></math>y', 'y'],
  ];
  for (const [input, expected] of cases) {
    const out = sanitizeHtml(input);
    assert.equal(out, expected, input);
    assert.equal(sanitizeHtml(out), out, `idempotent: ${input}`);
    assert.doesNotMatch(out, /<script|javascript:|onerror|onclick|onload/i, input);
  }
});

test('isSafeUrl', () => {
  for (const ok of ['https://a.b/c', 'http://x', '/p/a:b', 'rel/path', '#anchor', '?q=1', 'mailto:x@y.z']) assert.ok(isSafeUrl(ok), ok);
  for (const bad of [
    'javascript:x',
    ' javascript:x',
    'java\nscript:x',
    'vbscript:x',
    'data:text/html,x',
    'file:///etc/passwd',
    '&#x6A;avascript:x',
  ])
    assert.ok(!isSafeUrl(bad), bad);
});

test('stripHtml gives the text for search', () => {
  assert.equal(stripHtml('<p>Hello&nbsp;<b>world</b></p><p>two&#33; &lt;tag&gt;</p><script>x()</script>'), 'Hello world two! <tag>');
});
