/**
 * An error the Cognito API answers: HTTP 400 (mostly) with `{ "__type": type, "message": … }`,
 * from which the AWS SDK raises the exception class of that name (docs/COGNITO.md §10).
 */
export class CognitoApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string) =>
  new CognitoApiError('InvalidParameterException', message);

export const resourceNotFound = (message: string) =>
  new CognitoApiError('ResourceNotFoundException', message);

export const notAuthorized = (message: string) =>
  new CognitoApiError('NotAuthorizedException', message);

export const userNotFound = () =>
  new CognitoApiError('UserNotFoundException', 'User does not exist.');

/** AWS's wording for a missing required member ("Member must not be null"). */
export const missingMember = (name: string) =>
  invalidParameter(
    `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
  );
