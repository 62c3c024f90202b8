import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../knowledge/chunker';
import { builtinDocs } from '../knowledge/docs/builtin-docs.generated';
import { gerundToBase, headingToQuestion } from './phrasing';

describe('headingToQuestion', () => {
  it.each([
    ['Running tasks › Cancelling a task', 'How do I cancel a task?'],
    [
      'Accounts › Creating, expiring and revoking API keys',
      'How do I create, expire and revoke API keys?',
    ],
    ['Accounts › API keys', 'How do API keys work?'],
    ['Accounts › The audit log', 'How does the audit log work?'],
    ['Accounts › CSRF protection', 'How does CSRF protection work?'],
    ['Manifest › Scopes: read, write and publish', 'What are the scopes?'],
    ['Manifest › A complete manifest example', 'Can you show a complete manifest example?'],
    ['Getting started › Run the server: npm start', 'How do I run the server?'],
    ['Publishing › Before you publish', 'What should I know before I publish?'],
    ['Tasks › Listing your tasks', 'How do I list my tasks?'],
    ['Tasks › Who can see a task', 'Who can see a task?'],
    ['FAQ › Where is my data stored?', 'Where is my data stored?'],
    ['FAQ › A task stays queued', 'What if a task stays queued?'],
    ['Accounts › Cookies in the web app', 'How do cookies in the web app work?'],
    [
      'Publishing › Versioning and immutable versions',
      'How do versioning and immutable versions work?',
    ],
    ['Getting started › Where to go next', null],
  ])('%s → %s', (heading, question) => {
    expect(headingToQuestion(heading)).toBe(question);
  });

  it('turns gerunds into verbs', () => {
    expect(
      ['running', 'cancelling', 'installing', 'getting', 'creating', 'publishing'].map(
        gerundToBase,
      ),
    ).toEqual(['run', 'cancel', 'install', 'get', 'create', 'publish']);
  });

  it('phrases every shipped heading as a question', () => {
    for (const doc of builtinDocs) {
      for (const chunk of chunkMarkdown(doc.title, doc.body)) {
        const question = headingToQuestion(chunk.heading);
        if (question === null) continue;
        expect(question, chunk.heading).toMatch(/^[A-Z][^?]*\??[^?]*\?$/);
        expect(question, chunk.heading).not.toMatch(/\byour\b|\s{2}/i);
      }
    }
  });
});
