import type {
  DomainDescriptionType,
  TimeUnitsType,
  UserPoolClientType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoResources } from './cognito-resources';
import {
  appClientMutableSettings,
  createUserPoolInput,
  userPoolMutableSettings,
} from './cognito-sdk-inputs';

/** What Describe and List found for this deployment (undefined: not there). */
export interface ObservedState {
  pool?: UserPoolType;
  client?: UserPoolClientType;
  /** DescribeUserPoolDomain for the wanted prefix, whichever pool (if any) holds it. */
  domain?: DomainDescriptionType;
  /** Whether the first user asked for already exists (only looked up when one is asked for). */
  userExists?: boolean;
}

export interface FirstUser {
  username: string;
  email: string;
}

export interface WantedState {
  resources: CognitoResources;
  user?: FirstUser;
}

export type Step =
  | { action: 'create-pool' }
  | { action: 'update-pool'; changes: string[] }
  | { action: 'create-client' }
  | { action: 'update-client'; changes: string[] }
  | { action: 'create-domain' }
  | { action: 'create-user'; user: FirstUser };

export interface Plan {
  steps: Step[];
  /** What is already as wanted, for the report. */
  unchanged: string[];
}

/** The existing resources cannot be brought to the wanted state (a setting Cognito cannot change). */
export class PlanConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanConflictError';
  }
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((item) => b.includes(item));

/** Cognito's units when a client names none: hours for access and ID tokens, days for refresh. */
const MINUTES_PER: Record<TimeUnitsType, number> = {
  seconds: 1 / 60,
  minutes: 1,
  hours: 60,
  days: 24 * 60,
};

function minutes(
  value: number | undefined,
  unit: TimeUnitsType | undefined,
  fallback: TimeUnitsType,
) {
  return value === undefined ? undefined : value * MINUTES_PER[unit ?? fallback];
}

function poolChanges(observed: UserPoolType, resources: CognitoResources): string[] {
  const wanted = userPoolMutableSettings(resources.userPool);
  const changes: string[] = [];
  const observedPolicy = observed.Policies?.PasswordPolicy ?? {};
  for (const [key, value] of Object.entries(wanted.Policies.PasswordPolicy)) {
    if (observedPolicy[key as keyof typeof observedPolicy] !== value) {
      changes.push(`password policy ${key}`);
    }
  }
  if ((observed.DeletionProtection ?? 'INACTIVE') !== wanted.DeletionProtection) {
    changes.push('deletion protection');
  }
  if (!sameSet(observed.AutoVerifiedAttributes, wanted.AutoVerifiedAttributes)) {
    changes.push('auto-verified attributes');
  }
  const adminOnly = observed.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false;
  if (adminOnly !== wanted.AdminCreateUserConfig.AllowAdminCreateUserOnly) {
    changes.push('self sign-up');
  }
  const tags = observed.UserPoolTags ?? {};
  if (Object.entries(wanted.UserPoolTags).some(([key, value]) => tags[key] !== value)) {
    changes.push('tags');
  }
  return changes;
}

/** Settings fixed when a pool is created: a pool that differs cannot be made right. */
function poolConflict(observed: UserPoolType, resources: CognitoResources): string | undefined {
  const created = createUserPoolInput(resources.userPool);
  const name = observed.Name ?? observed.Id;
  if (observed.UsernameAttributes?.length) {
    return `user pool ${name} signs in by ${observed.UsernameAttributes.join(' or ')} instead of a username, which Cognito cannot change`;
  }
  if (!sameSet(observed.AliasAttributes, created.AliasAttributes)) {
    return `user pool ${name} signs in with aliases [${(observed.AliasAttributes ?? []).join(', ')}], not [${(created.AliasAttributes ?? []).join(', ')}], which Cognito cannot change`;
  }
  if (observed.SchemaAttributes) {
    const required = new Set(
      observed.SchemaAttributes.filter((a) => a.Required).map((a) => a.Name ?? ''),
    );
    const missing = resources.userPool.requiredAttributes.filter((a) => !required.has(a));
    if (missing.length > 0) {
      return `user pool ${name} does not require ${missing.join(' and ')}, which Cognito cannot change`;
    }
  }
  return undefined;
}

function clientChanges(observed: UserPoolClientType, resources: CognitoResources): string[] {
  const wanted = appClientMutableSettings(resources.appClient);
  const changes: string[] = [];
  const lists = [
    ['AllowedOAuthFlows', 'OAuth flows'],
    ['AllowedOAuthScopes', 'OAuth scopes'],
    ['CallbackURLs', 'callback URLs'],
    ['LogoutURLs', 'sign-out URLs'],
    ['SupportedIdentityProviders', 'identity providers'],
    ['ExplicitAuthFlows', 'auth flows'],
  ] as const;
  for (const [key, label] of lists) {
    if (!sameSet(observed[key], wanted[key])) {
      changes.push(`${label} [${(observed[key] ?? []).join(' ')}] -> [${wanted[key].join(' ')}]`);
    }
  }
  if (observed.AllowedOAuthFlowsUserPoolClient !== true) changes.push('OAuth enabled');
  if ((observed.PreventUserExistenceErrors ?? 'LEGACY') !== wanted.PreventUserExistenceErrors) {
    changes.push('user existence errors');
  }
  if ((observed.EnableTokenRevocation ?? true) !== wanted.EnableTokenRevocation) {
    changes.push('token revocation');
  }
  const units = observed.TokenValidityUnits ?? {};
  const lifetimes = [
    [
      'access token lifetime',
      minutes(observed.AccessTokenValidity, units.AccessToken, 'hours'),
      wanted.AccessTokenValidity,
    ],
    [
      'ID token lifetime',
      minutes(observed.IdTokenValidity, units.IdToken, 'hours'),
      wanted.IdTokenValidity,
    ],
    [
      'refresh token lifetime',
      minutes(observed.RefreshTokenValidity, units.RefreshToken, 'days'),
      wanted.RefreshTokenValidity,
    ],
  ] as const;
  for (const [label, have, want] of lifetimes) {
    if (have !== want) changes.push(`${label} ${have ?? 'default'} -> ${want} minutes`);
  }
  return changes;
}

function domainStep(state: ObservedState, resources: CognitoResources): Step | undefined {
  const prefix = resources.domain.prefix;
  const pool = state.pool;
  if (pool?.Domain && pool.Domain !== prefix) {
    throw new PlanConflictError(
      `user pool ${pool.Name ?? pool.Id} already has the domain ${pool.Domain}: run again with --domain-prefix ${pool.Domain}, or delete that domain first`,
    );
  }
  const holder = state.domain?.UserPoolId;
  if (!holder) return { action: 'create-domain' };
  if (pool && holder === pool.Id) return undefined;
  throw new PlanConflictError(
    `the domain prefix ${prefix} belongs to another user pool (${holder})`,
  );
}

/**
 * What to create or update so that Cognito holds `wanted`, given what it holds now. Pure: the
 * same answers from Cognito and the same arguments give the same plan. Throws PlanConflictError
 * when an existing resource differs in a way Cognito cannot change.
 */
export function planProvisioning(state: ObservedState, wanted: WantedState): Plan {
  const { resources } = wanted;
  const steps: Step[] = [];
  const unchanged: string[] = [];
  const poolName = resources.userPool.name;

  if (!state.pool) {
    steps.push({ action: 'create-pool' });
  } else {
    const conflict = poolConflict(state.pool, resources);
    if (conflict) throw new PlanConflictError(conflict);
    const changes = poolChanges(state.pool, resources);
    if (changes.length > 0) steps.push({ action: 'update-pool', changes });
    else unchanged.push(`user pool ${poolName} (${state.pool.Id})`);
  }

  if (!state.pool || !state.client) {
    steps.push({ action: 'create-client' });
  } else {
    if (!state.client.ClientSecret) {
      throw new PlanConflictError(
        `app client ${resources.appClient.name} (${state.client.ClientId}) has no secret, and Cognito cannot add one: delete it and run again`,
      );
    }
    const changes = clientChanges(state.client, resources);
    if (changes.length > 0) steps.push({ action: 'update-client', changes });
    else unchanged.push(`app client ${resources.appClient.name} (${state.client.ClientId})`);
  }

  const domain = domainStep(state, resources);
  if (domain) steps.push(domain);
  else unchanged.push(`domain ${resources.domain.prefix}`);

  if (wanted.user) {
    if (state.pool && state.userExists) unchanged.push(`user ${wanted.user.username}`);
    else steps.push({ action: 'create-user', user: wanted.user });
  }
  return { steps, unchanged };
}

/** One line per step, as the command prints the plan. */
export function describeStep(step: Step, resources: CognitoResources): string {
  switch (step.action) {
    case 'create-pool':
      return `create user pool ${resources.userPool.name}`;
    case 'update-pool':
      return `update user pool ${resources.userPool.name}: ${step.changes.join('; ')}`;
    case 'create-client':
      return `create app client ${resources.appClient.name} (with a secret; callback ${resources.appClient.callbackUrls.join(' ')})`;
    case 'update-client':
      return `update app client ${resources.appClient.name}: ${step.changes.join('; ')}`;
    case 'create-domain':
      return `create domain ${resources.domain.prefix}`;
    case 'create-user':
      return `create user ${step.user.username} <${step.user.email}> with a temporary password`;
  }
}
