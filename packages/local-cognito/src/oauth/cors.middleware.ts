import type { NextFunction, Request, Response } from 'express';

/**
 * The token, revocation and userInfo endpoints answer any origin (`Access-Control-Allow-Origin: *`,
 * as Cognito does), so single-page apps can call them; /oauth2/authorize and /logout send no CORS
 * headers because they are browser navigations.
 */
export function allowAnyOrigin(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
}
