// The "not yours looks like not found" comparison itself: it must tell a different status, a
// different message or an extra field apart, and must not be fooled by the ids each call sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { differsFromMissing } from './matrixRunner.ts';
import type { RawResponse } from './rawClient.ts';

const res = (status: number, body: unknown): RawResponse => ({ status, text: JSON.stringify(body), body });
const NOT_FOUND = { error: 'The requested resource does not exist.', message: 'The requested resource does not exist.', id: 'not_found' };
const THEIRS = '11111111-1111-4111-8111-111111111111';
const RANDOM = '22222222-2222-4222-8222-222222222222';

describe('oracle comparison', () => {
  it('passes identical answers, also when each echoes the id it was sent', () => {
    assert.equal(differsFromMissing(res(404, NOT_FOUND), res(404, NOT_FOUND), [THEIRS], [RANDOM]), null);
    const echo = (id: string) => res(400, { error: `State ${id} is not in this project.`, id: 'validation_error' });
    assert.equal(differsFromMissing(echo(THEIRS), echo(RANDOM), [THEIRS], [RANDOM]), null);
    assert.equal(differsFromMissing(res(200, { results: [] }), res(200, { results: [] }), [THEIRS], [RANDOM]), null);
  });

  it('catches a different status, message or extra field', () => {
    assert.match(differsFromMissing(res(403, NOT_FOUND), res(404, NOT_FOUND), [THEIRS], [RANDOM]) ?? '', /403.*404/);
    const forbidden = { ...NOT_FOUND, error: 'You are not a member of this workspace.' };
    assert.match(differsFromMissing(res(404, forbidden), res(404, NOT_FOUND), [THEIRS], [RANDOM]) ?? '', /bodies differ/);
    assert.match(
      differsFromMissing(res(404, { ...NOT_FOUND, workspace: 'b' }), res(404, NOT_FOUND), [THEIRS], [RANDOM]) ?? '',
      /bodies differ/,
    );
    const named = (name: string) => res(400, { error: `Assignee ${name} is not a project member.`, id: 'validation_error' });
    assert.match(differsFromMissing(named('Bob (SECRET_B)'), named('unknown user'), [THEIRS], [RANDOM]) ?? '', /bodies differ/);
  });
});
