import { Inject, Injectable } from '@nestjs/common';
import type { ActionFamily, ActionTable, ApiContext } from './api-action';
import { CognitoApiError } from './api-error';

export const ACTION_FAMILIES = Symbol('ACTION_FAMILIES');

/** Every Cognito action starts with this in `X-Amz-Target`. */
export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export interface ApiCall {
  target: string | undefined;
  /** Whether the request carries a SigV4 `Authorization` header. */
  signed: boolean;
  body: unknown;
  context: ApiContext;
}

/** Finds the action a request names and runs it; every refusal is a CognitoApiError. */
@Injectable()
export class CognitoApiService {
  private readonly actions: ActionTable;

  constructor(@Inject(ACTION_FAMILIES) families: ActionFamily[]) {
    this.actions = Object.assign({}, ...families.map((family) => family.actions)) as ActionTable;
  }

  get actionNames(): string[] {
    return Object.keys(this.actions).sort();
  }

  async call({ target, signed, body, context }: ApiCall): Promise<object> {
    const name = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    // A target of another service (or none) is not an operation of this API at all: AWS's JSON
    // protocol answers it with UnknownOperationException.
    if (name === undefined)
      throw new CognitoApiError('UnknownOperationException', 'Unknown operation');
    const action = Object.hasOwn(this.actions, name) ? this.actions[name] : undefined;
    if (!action)
      throw new CognitoApiError(
        'UnsupportedOperationException',
        `The local Cognito does not implement ${name}; see the local Cognito's README.md for the actions it answers.`,
      );
    // AWS answers a request to a signed operation that carries no signature with
    // MissingAuthenticationTokenException, "Missing Authentication Token" (seen on AdminCreateUser
    // without credentials: github.com/aws/aws-aspnet-cognito-identity-provider/issues/66).
    if (action.auth === 'signed' && !signed)
      throw new CognitoApiError(
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      );
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new CognitoApiError('SerializationException', 'The request body must be a JSON object');
    return action.run(body, context);
  }
}
