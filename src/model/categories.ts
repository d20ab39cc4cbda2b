/** The fixed vocabulary of personal-data categories, used in policies, JSON output and messages. */
export const CATEGORIES = [
  'email',
  'name',
  'phone',
  'address',
  'ip_address',
  'location',
  'user_id',
  'org_id',
  'username',
  'date_of_birth',
  'gender',
  'government_id',
  'payment',
  'credentials',
  'health',
  'device_id',
  'device_info',
  'referrer',
] as const;

export type Category = (typeof CATEGORIES)[number];

const categorySet: ReadonlySet<string> = new Set(CATEGORIES);

export function isCategory(value: string): value is Category {
  return categorySet.has(value);
}
