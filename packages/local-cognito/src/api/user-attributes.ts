import type { UserPool } from '../pools/user-pool';
import type { UserChanges } from '../users/user.store';
import { invalidParameter } from './api-error';

/** Cognito's standard user attributes: a pool's schema and a user's attributes may name them. */
export const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/**
 * `UserAttributes` as the user model's fields: email, email_verified and nickname have their own,
 * the rest (standard or `custom:` attributes the pool's schema declares) go in `attributes`.
 */
export function attributeChanges(
  pool: UserPool,
  given: Record<string, string>,
  current: Record<string, string> = {},
): Pick<UserChanges, 'email' | 'emailVerified' | 'nickname' | 'attributes'> {
  const changes: UserChanges = { attributes: { ...current } };
  for (const [name, value] of Object.entries(given)) {
    if (name === 'sub')
      throw invalidParameter('Invalid user attributes: sub: Attribute cannot be updated.');
    const custom = name.startsWith('custom:');
    const declared = pool.record.SchemaAttributes?.some((attribute) => attribute.Name === name);
    if (!STANDARD_ATTRIBUTES.has(name) && !(custom && declared))
      throw invalidParameter(
        `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`,
      );
    if (name === 'email') changes.email = value;
    else if (name === 'email_verified') changes.emailVerified = value === 'true';
    else if (name === 'nickname') changes.nickname = value;
    else if (changes.attributes) changes.attributes[name] = value;
  }
  // A new address is unverified until someone says otherwise, as in Cognito.
  if ('email' in given && !('email_verified' in given)) changes.emailVerified = false;
  return changes;
}
