import { Annotations, type Stack } from 'aws-cdk-lib';
import type { Node } from 'constructs';

/**
 * What one deployment is told (`-c photos:NAME=value` or cdk.json's `context`). The defaults let
 * `cdk synth` run offline; a real deployment sets at least domainName and certificateArn.
 */
export interface DeploymentSettings {
  /** The host the app is served at (BASE_URL is https://domainName); its DNS points at the ALB. */
  domainName: string;
  /** The hosted UI's Cognito domain prefix: PREFIX.auth.REGION.amazoncognito.com. */
  domainPrefix: string;
  /** An ACM certificate for domainName, in the stack's region. */
  certificateArn: string;
  /** The most tasks autoscaling may run (at least 2 always run). */
  maxTasks: number;
}

export const DEFAULTS: DeploymentSettings = {
  domainName: 'photos.example.com',
  domainPrefix: 'photos-example',
  certificateArn:
    'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
  maxTasks: 6,
};

export function readSettings(node: Node): DeploymentSettings {
  const read = (name: keyof DeploymentSettings): unknown => node.tryGetContext(`photos:${name}`);
  const maxTasks = Number(read('maxTasks') ?? DEFAULTS.maxTasks);
  if (!Number.isInteger(maxTasks) || maxTasks < 2) {
    throw new Error(
      `photos:maxTasks must be a whole number of at least 2, not ${String(maxTasks)}`,
    );
  }
  return {
    domainName: String(read('domainName') ?? DEFAULTS.domainName),
    domainPrefix: String(read('domainPrefix') ?? DEFAULTS.domainPrefix),
    certificateArn: String(read('certificateArn') ?? DEFAULTS.certificateArn),
    maxTasks,
  };
}

/** `cdk synth` works with the placeholders; `cdk deploy` with them would fail late, so say so early. */
export function warnAboutPlaceholders(stack: Stack, settings: DeploymentSettings): void {
  for (const name of ['domainName', 'certificateArn'] as const) {
    if (settings[name] === DEFAULTS[name]) {
      Annotations.of(stack).addWarningV2(
        `photos:${name}`,
        `photos:${name} is the placeholder ${DEFAULTS[name]}: set it with -c photos:${name}=… before cdk deploy`,
      );
    }
  }
}
