import { OAuthError } from './oauth-error';
import { readParam, type RequestParams } from './request-params';
import type { PresentedClient } from './client-registry';

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function bothForms(value: string): string[] {
  return [...new Set([value, formDecode(value)])];
}

function fromBasicHeader(header: string, status: number): { id: string; secret: string } {
  const decoded = Buffer.from(header.slice('basic '.length).trim(), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) throw new OAuthError('invalid_client', status);
  return { id: decoded.slice(0, separator), secret: decoded.slice(separator + 1) };
}

/**
 * The client credentials of a token or revocation request: HTTP Basic (client_secret_basic) or
 * client_id/client_secret in the form (client_secret_post), never both at once (RFC 6749 §2.3).
 */
export function presentedClient(
  authorization: string | undefined,
  params: RequestParams,
  failureStatus: number,
): PresentedClient {
  const bodyClientId = readParam(params, 'client_id');
  const bodySecret = readParam(params, 'client_secret');
  if (authorization === undefined) {
    return {
      clientIdCandidates: bodyClientId === undefined ? [] : [bodyClientId],
      secretCandidates: bodySecret === undefined ? [] : [bodySecret],
    };
  }
  if (!/^basic /i.test(authorization)) throw new OAuthError('invalid_client', failureStatus);
  if (bodySecret !== undefined) throw new OAuthError('invalid_request');
  const basic = fromBasicHeader(authorization, failureStatus);
  const clientIdCandidates = bothForms(basic.id);
  if (bodyClientId !== undefined && !clientIdCandidates.includes(bodyClientId)) {
    throw new OAuthError('invalid_client', failureStatus);
  }
  return { clientIdCandidates, secretCandidates: bothForms(basic.secret) };
}
