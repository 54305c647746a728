// Stored HTML (work-item descriptions, comments, project descriptions) never keeps anything that runs:
// no <script>, no event handlers, no javascript: URLs, no embeds — what is read back is inert.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { newLedger } from './rawClient.ts';
import { buildWorld, issueBase, projectBase, type World } from './world.ts';

let h: ApiHarness;
let world: World;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await buildWorld(h, ledger);
});
after(async () => {
  await h.close();
});

const ATTACKS = [
  '<p>ok</p><script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '<a href="javascript:alert(1)">click</a>',
  '<a href=" JaVaScRiPt:alert(1)">click</a>',
  '<a href="java&#x09;script:alert(1)">click</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x"></object><embed src="x">',
  '<svg><script>alert(1)</script></svg>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<form action="https://evil.example"><input name=x></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<p onclick="alert(1)" onmouseover=alert(1)>x</p>',
];
const DANGER = /<script|<iframe|<object|<embed|<form|\son[a-z]+\s*=|javascript:|data:text\/html|<style/i;

describe('stored HTML', () => {
  it('comments, work-item and project descriptions are stored and read back without anything that runs', async () => {
    const { a } = world;
    const failures: string[] = [];
    for (const attack of ATTACKS) {
      const comment = await world.call('admin', 'POST', `${issueBase(a.ids)}/comments`, { comment_html: attack });
      if (comment.status === 201) {
        const id = (comment.body as { id: string }).id;
        const read = await world.call('admin', 'GET', `${issueBase(a.ids)}/comments/${id}`);
        const html = String((read.body as { comment_html?: unknown }).comment_html ?? '');
        if (DANGER.test(html)) failures.push(`comment ${attack} → read back ${html}`);
      } else if (comment.status !== 400) failures.push(`comment ${attack} → ${comment.status}`);
      const item = await world.call('admin', 'POST', `${projectBase(a.ids)}/issues`, { name: 'html', description_html: attack });
      if (item.status === 201) {
        const id = (item.body as { id: string }).id;
        const read = await world.call('admin', 'GET', issueBase({ ...a.ids, issue: id }));
        const html = String((read.body as { description_html?: unknown }).description_html ?? '');
        if (DANGER.test(html)) failures.push(`description ${attack} → read back ${html}`);
      } else if (item.status !== 400) failures.push(`description ${attack} → ${item.status}`);
      const project = await world.call('admin', 'PATCH', projectBase(a.ids), { description_html: attack });
      if (project.status === 200) {
        const html = String((project.body as { description_html?: unknown }).description_html ?? '');
        if (DANGER.test(html)) failures.push(`project description ${attack} → read back ${html}`);
      } else if (project.status !== 400) failures.push(`project description ${attack} → ${project.status}`);
    }
    const { rows } = await h.db.query<{ html: string }>(
      `SELECT comment_html AS html FROM issue_comments WHERE workspace_id = $1 UNION ALL SELECT description_html FROM issues WHERE workspace_id = $1`,
      [a.workspace.id],
    );
    for (const row of rows) if (DANGER.test(row.html)) failures.push(`stored: ${row.html}`);
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('URLs that the UI links or loads are http(s) only', async () => {
    const { a } = world;
    const failures: string[] = [];
    const bad = [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
    ];
    for (const url of bad) {
      const attempts: Array<[string, string, unknown, () => Promise<string | null | undefined>]> = [
        [
          'POST',
          `${issueBase(a.ids)}/links`,
          { url, title: 'x' },
          async () => (await h.db.query<{ url: string }>('SELECT url FROM issue_links WHERE url = $1', [url])).rows[0]?.url,
        ],
        [
          'PATCH',
          `${issueBase(a.ids)}/links/${a.ids.link}`,
          { url },
          async () => (await h.db.query<{ url: string }>('SELECT url FROM issue_links WHERE id = $1', [a.ids.link])).rows[0]?.url,
        ],
        [
          'PATCH',
          '/api/users/me',
          { avatar: url },
          async () => (await h.db.query<{ avatar: string }>('SELECT avatar FROM users WHERE id = $1', [a.admin.id])).rows[0]?.avatar,
        ],
        [
          'PATCH',
          `/api/workspaces/${a.ids.slug}`,
          { logo: url },
          async () => (await h.db.query<{ logo: string }>('SELECT logo FROM workspaces WHERE id = $1', [a.workspace.id])).rows[0]?.logo,
        ],
        [
          'PATCH',
          projectBase(a.ids),
          { cover_image: url },
          async () =>
            (await h.db.query<{ cover_image: string }>('SELECT cover_image FROM projects WHERE id = $1', [a.project.id])).rows[0]
              ?.cover_image,
        ],
      ];
      for (const [method, path, body, stored] of attempts) {
        const res = await world.call('admin', method, path, body);
        const value = await stored();
        if (res.status !== 400 || (value ?? '').trim().toLowerCase() === url.trim().toLowerCase())
          failures.push(`${method} ${path} ${JSON.stringify(body)} → ${res.status}, stored ${JSON.stringify(value)}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
