import {
  emailProblem,
  nicknameProblem,
  passwordProblem,
  usernameProblem,
} from './support/validation';

/** A user created at start (LOCAL_COGNITO_USERS or the demo user). */
export interface LocalCognitoSeedUser {
  username: string;
  password: string;
  email: string;
  nickname: string;
  groups?: string[];
}

/**
 * `username:password:email:nickname[:group1|group2]`, comma-separated. Problems name the entry by
 * position and field, never by its password.
 */
export function parseSeedUsers(
  raw: string,
  name: string,
  problems: string[],
): LocalCognitoSeedUser[] {
  const users = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => parseSeedUser(entry, `${name}: entry ${index + 1}`, problems));
  return users.filter((user): user is LocalCognitoSeedUser => user !== undefined);
}

function parseSeedUser(
  entry: string,
  where: string,
  problems: string[],
): LocalCognitoSeedUser | undefined {
  const fields = entry.split(':');
  if (fields.length < 4 || fields.length > 5) {
    problems.push(`${where}: must be username:password:email:nickname[:groups]`);
    return undefined;
  }
  const [username, password, email, nickname, groupList] = fields.map((field) => field.trim());
  const groups = groupList ? groupList.split('|').map((group) => group.trim()) : [];
  const user: LocalCognitoSeedUser = { username, password, email, nickname, groups };
  const before = problems.length;
  seedUserProblems(user).forEach((problem) =>
    problems.push(`${where} (${username || 'no username'}): ${problem}`),
  );
  return problems.length === before ? user : undefined;
}

export function seedUserProblems(user: LocalCognitoSeedUser): string[] {
  const groupProblem = (user.groups ?? []).some((group) => !/^[\w.+@-]{1,128}$/.test(group))
    ? 'group names must be 1 to 128 letters, digits or . _ + @ -'
    : undefined;
  return [
    usernameProblem(user.username),
    passwordProblem(user.password),
    emailProblem(user.email),
    nicknameProblem(user.nickname),
    groupProblem,
  ].filter((problem): problem is string => problem !== undefined);
}

export function duplicateUsernameProblems(users: LocalCognitoSeedUser[], name: string): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const user of users) {
    const key = user.username.toLowerCase();
    if (seen.has(key)) problems.push(`${name}: username "${user.username}" appears more than once`);
    seen.add(key);
  }
  return problems;
}
