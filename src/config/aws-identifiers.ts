/** An AWS region name, e.g. eu-west-1 or us-gov-west-1. */
export const AWS_REGION_PATTERN = /^[a-z]{2}-(gov-)?[a-z]+-\d$/;

/**
 * A Cognito user pool id: REGION_SUFFIX, the shape aws-jwt-verify insists on (docs/COGNITO.md §0).
 * Used by the app's settings and by the local Cognito's.
 */
export const USER_POOL_ID_PATTERN = /^[a-z]{2}-(gov-)?[a-z]+-\d_[a-zA-Z0-9]+$/;
