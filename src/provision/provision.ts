import { applyPlan } from './apply';
import type { ProvisionArgs } from './args';
import { cognitoResources } from './cognito-resources';
import { type CognitoClient, discover } from './discover';
import { describeStep, planProvisioning } from './plan';
import { type CognitoSettings, cognitoSettings } from './settings';

export interface ProvisionOutcome {
  /** One line per change made (or, in a dry run, to be made); empty when nothing changed. */
  changes: string[];
  unchanged: string[];
  /** Undefined in a dry run. */
  settings?: CognitoSettings;
  temporaryPassword?: string;
}

/**
 * Reads what Cognito holds, plans, and (unless a dry run) applies the plan. `report` receives
 * each line of the plan before anything is changed.
 */
export async function provision(
  client: CognitoClient,
  args: ProvisionArgs,
  report: (line: string) => void,
): Promise<ProvisionOutcome> {
  const resources = cognitoResources(args.baseUrl, args.domainPrefix);
  const state = await discover(client, resources, args.user?.username);
  const plan = planProvisioning(state, { resources, user: args.user });
  const changes = plan.steps.map((step) => describeStep(step, resources));
  plan.unchanged.forEach((line) => report(`unchanged: ${line}`));
  changes.forEach((line) => report(`${args.dryRun ? 'would ' : ''}${line}`));
  if (changes.length === 0) report('No changes: Cognito already holds this deployment.');
  if (args.dryRun) {
    report('Dry run: nothing was changed.');
    return { changes, unchanged: plan.unchanged };
  }
  const provisioned = await applyPlan(client, plan, state, resources);
  return {
    changes,
    unchanged: plan.unchanged,
    settings: cognitoSettings(provisioned, args.domainPrefix, args.endpoint),
    temporaryPassword: provisioned.temporaryPassword,
  };
}
