import { randomInt } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = `${LOWER_ALNUM}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;

function randomText(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** `REGION_SUFFIX`, e.g. `us-east-1_AbC123xyZ` (docs/COGNITO.md §0): nine letters and digits. */
export function newPoolId(region: string): string {
  return `${region}_${randomText(ALNUM, 9)}`;
}

/** 26 lowercase letters and digits, as Cognito's app client ids. */
export function newClientId(): string {
  return randomText(LOWER_ALNUM, 26);
}

/** 51 lowercase letters and digits, as Cognito's generated client secrets. */
export function newClientSecret(): string {
  return randomText(LOWER_ALNUM, 51);
}

/** The ARN Cognito gives a pool; the account is the placeholder every emulator uses. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export function poolArn(region: string, poolId: string): string {
  return `arn:aws:cognito-idp:${region}:${LOCAL_ACCOUNT_ID}:userpool/${poolId}`;
}
