// People, not strings: the people directory (people.yaml), who an identity is, who may start a
// runbook and who may approve. Pure (no Node built-ins); the workflow imports `persons` and
// `model` directly to keep zod and yaml out of its bundle.

export { checkStartAccess } from './access.js';
export {
  AccessSchema,
  ApproversSchema,
  GroupName,
  PERSON_NAME_PATTERN,
  PersonName,
} from './approvers-schema.js';
export { PEOPLE_FILE_NAME, peopleFileCandidates } from './candidates.js';
export {
  type Approvers,
  CHANNELS,
  type Channel,
  EMPTY_PEOPLE,
  type PeopleDirectory,
  type PersonEntry,
} from './model.js';
export { type ParsePeopleResult, parsePeople } from './parse.js';
export { describeApprovers, eligiblePersons, isListed, personOf } from './persons.js';
export { explainRetiredKey } from './retired-keys.js';
export { IDENTITY_PATTERN, PeopleSchema } from './schema.js';
