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
 * `username:password:email:nickname[:group1|group2]`, comma-separated. Checks the layout only;
 * the field rules are `seedUserProblems`. Problems name the entry by position, never by password.
 */
export function parseSeedUsers(raw: string, problems: string[]): LocalCognitoSeedUser[] {
  const users: LocalCognitoSeedUser[] = [];
  raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .forEach((entry, index) => {
      const fields = entry.split(':').map((field) => field.trim());
      if (fields.length < 4 || fields.length > 5) {
        problems.push(`entry ${index + 1}: must be username:password:email:nickname[:groups]`);
        return;
      }
      const [username, password, email, nickname, groupList] = fields;
      const groups = groupList ? groupList.split('|').map((group) => group.trim()) : [];
      users.push({ username, password, email, nickname, groups });
    });
  return users;
}

/** Every problem of a list of seed users: each user's fields, then repeated usernames. */
export function seedUsersProblems(users: LocalCognitoSeedUser[]): string[] {
  const problems = users.flatMap((user, index) =>
    seedUserProblems(user).map(
      (problem) => `entry ${index + 1} (${user.username || 'no username'}): ${problem}`,
    ),
  );
  return [...problems, ...duplicateUsernameProblems(users)];
}

function seedUserProblems(user: LocalCognitoSeedUser): string[] {
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

function duplicateUsernameProblems(users: LocalCognitoSeedUser[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const user of users) {
    const key = user.username.toLowerCase();
    if (seen.has(key)) problems.push(`username "${user.username}" appears more than once`);
    seen.add(key);
  }
  return problems;
}
