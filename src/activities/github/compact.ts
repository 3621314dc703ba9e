/**
 * Drops the keys whose value is undefined, so that an absent `with:` field is not sent to GitHub
 * at all (and octokit's parameter types, with exactOptionalPropertyTypes, accept the object).
 */
export type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

export function compact<T extends Record<string, unknown>>(value: T): Compact<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Compact<T>;
}
