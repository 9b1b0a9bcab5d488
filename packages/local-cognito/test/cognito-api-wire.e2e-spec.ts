import {
  CognitoIdentityProviderServiceException,
  DescribeUserPoolCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoApi, rawApiCall } from './support/cognito-api';
import { TestIdp } from './support/test-idp';

/** A SigV4 Authorization header as the SDK and CLI send it; nothing checks the signature. */
const SIGNED = {
  Authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260101/ap-south-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000',
};

/** What travels on the wire, where the SDK would hide it. */
describe('local Cognito API on the wire', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start();
  });

  afterAll(async () => {
    await idp.close();
  });

  it('answers an admin call without a signature with AWS’s MissingAuthenticationTokenException', async () => {
    const answer = await rawApiCall(idp, 'ListUserPools', { MaxResults: 10 });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(answer.body).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('accepts any signature and takes the region from its credential scope', async () => {
    const answer = await rawApiCall(idp, 'CreateUserPool', { PoolName: 'Wire' }, SIGNED);
    expect(answer.status).toBe(200);
    const pool = answer.body.UserPool as { Id: string; CreationDate: unknown };
    expect(pool.Id).toMatch(/^ap-south-1_/);
    // awsJson1_1 timestamps are epoch seconds.
    expect(typeof pool.CreationDate).toBe('number');
  });

  it('answers an action it does not implement with UnsupportedOperationException, and another service’s target with UnknownOperationException', async () => {
    const unsupported = await rawApiCall(idp, 'AdminInitiateAuth', {}, SIGNED);
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.__type).toBe('UnsupportedOperationException');
    expect(unsupported.body.message).toContain('AdminInitiateAuth');

    const response = await fetch(idp.url('/'), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'DynamoDB_20120810.ListTables',
        ...SIGNED,
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(
      'UnknownOperationException',
    );
  });

  it('refuses a body that is not amz-json, or not JSON, with SerializationException', async () => {
    const form = await fetch(idp.url('/'), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.ListUserPools',
        ...SIGNED,
      },
      body: 'MaxResults=10',
    });
    expect(form.status).toBe(400);
    expect(((await form.json()) as { __type: string }).__type).toBe('SerializationException');

    const broken = await rawApiCall(idp, 'ListUserPools', '{"MaxResults": ', SIGNED);
    expect(broken.status).toBe(400);
    expect(broken.body.__type).toBe('SerializationException');
  });

  it('raises the SDK’s named exception class, with the HTTP status, for Cognito’s errors', async () => {
    const api = cognitoApi(idp);
    try {
      const error = await api
        .send(new DescribeUserPoolCommand({ UserPoolId: 'eu-west-1_Missing00' }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error).toBeInstanceOf(CognitoIdentityProviderServiceException);
      expect((error as ResourceNotFoundException).message).toBe(
        'User pool eu-west-1_Missing00 does not exist.',
      );
      expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    } finally {
      api.destroy();
    }
  });
});
