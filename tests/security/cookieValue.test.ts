// cookieValue (the session cookie, read on every request) answers exactly what parseCookies gives
// for that name, for well-formed, duplicated, padded, malformed and look-alike cookie headers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieValue, parseCookies } from '../../server/api/cookies.ts';

const NAME = 'hangar_session';
const HEADERS: (string | undefined)[] = [
  undefined,
  '',
  'hangar_session=abc',
  'hangar_session=abc; hangar_csrf=xyz',
  'hangar_csrf=xyz; hangar_session=abc',
  '  hangar_session  =  abc  ;other=1',
  'hangar_session=first; hangar_session=second',
  'hangar_session=%E0%A4%A; hangar_session=fallback',
  'hangar_session=%61bc',
  'hangar_session_old=1; hangar_session=real',
  'xhangar_session=1',
  'x=hangar_session=1',
  'x=hangar_session=1; hangar_session=2',
  'hangar_session; other=1',
  'hangar_session',
  'hangar_session=',
  'a=1;hangar_session=b;c=2',
  ';;hangar_session=z;;',
  'other=hangar_session; hangar_session=ok',
  'hangar_session=a=b',
];

describe('cookieValue', () => {
  it('equals parseCookies(header)[name] for every header', () => {
    for (const header of HEADERS) assert.equal(cookieValue(header, NAME), parseCookies(header)[NAME], JSON.stringify(header));
  });
});
