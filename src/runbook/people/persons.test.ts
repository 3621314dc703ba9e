import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_PEOPLE, type PeopleDirectory } from './model.js';
import { eligiblePersons, isListed, personOf } from './persons.js';

const directory: PeopleDirectory = {
  file: 'people.yaml',
  people: {
    alice: { cli: ['alice', 'alice-laptop'], slack: ['U0ALICE'], github: ['alice-gh'] },
    bob: { cli: ['bob'], slack: [], github: [] },
  },
  groups: { sre: ['alice', 'bob'], empty: [] },
};

describe('personOf', () => {
  it('maps every identity of a person, on every channel, to that person', () => {
    for (const identity of ['cli:alice', 'cli:alice-laptop', 'slack:U0ALICE', 'github:alice-gh']) {
      assert.equal(personOf(directory, identity), 'alice', identity);
    }
    assert.equal(personOf(directory, 'cli:bob'), 'bob');
  });

  it('compares GitHub logins case-insensitively and the others exactly', () => {
    assert.equal(personOf(directory, 'github:Alice-GH'), 'alice');
    assert.equal(personOf(directory, 'cli:Alice'), 'cli:Alice');
    assert.equal(personOf(directory, 'slack:u0alice'), 'slack:u0alice');
  });

  it('keeps an identity that maps to nobody as a person of its own, never as a listed name', () => {
    assert.equal(personOf(directory, 'cli:mallory'), 'cli:mallory');
    assert.equal(personOf(EMPTY_PEOPLE, 'cli:alice'), 'cli:alice');
    // The channel must match: alice's CLI name is not her Slack id.
    assert.equal(personOf(directory, 'slack:alice'), 'slack:alice');
    // Unqualified or unknown channels map to nobody.
    assert.equal(personOf(directory, 'alice'), 'alice');
    assert.equal(personOf(directory, 'email:alice'), 'email:alice');
  });
});

describe('isListed and eligiblePersons', () => {
  it('admits people named directly or through a group, and nobody through an unknown group', () => {
    const list = { people: ['carol'], groups: ['sre', 'nope'] };
    assert.ok(isListed(directory, list, 'bob'));
    assert.ok(isListed(directory, list, 'carol'));
    assert.ok(!isListed(directory, list, 'cli:mallory'));
    assert.deepEqual(eligiblePersons(directory, list), ['alice', 'bob', 'carol']);
    assert.deepEqual(eligiblePersons(directory, { people: [], groups: ['empty'] }), []);
  });
});
