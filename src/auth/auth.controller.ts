import {
  Controller,
  ForbiddenException,
  Get,
  Post,
  Render,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { HttpConfig, SessionConfig } from '../config/config-slices';
import { AuthService, SignedIn } from './auth.service';
import { SignInRateLimited } from './sign-in-rate-limit';
import { CsrfService } from './csrf/csrf.service';
import {
  CallbackRequest,
  CognitoCallbackGuard,
  SIGN_IN_RESULT,
} from './login/cognito-callback.guard';
import { CognitoLoginGuard } from './login/cognito-login.guard';
import { DEFAULT_RETURN_TO, safeReturnTo } from './login/return-to';
import { RequestWithTransaction } from './login/login-transaction.store';
import { endSession, startSignedInSession } from './session/session-lifecycle';
import { markSignedOut, SIGNED_OUT_LANDING_PATH } from './session/signed-out-notice';

/** Sign-in and sign-out through Cognito's hosted UI. HTTP in, HTTP out; the rules live in AuthService. */
@ApiExcludeController()
@SignInRateLimited()
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly csrf: CsrfService,
    private readonly session: SessionConfig,
    private readonly http: HttpConfig,
  ) {}

  /** The guard stores state, nonce and PKCE verifier, then redirects to Cognito. */
  @Get('login')
  @UseGuards(CognitoLoginGuard)
  login(): void {}

  @Get('callback')
  @UseGuards(CognitoCallbackGuard)
  async callback(
    @Req() req: CallbackRequest & RequestWithTransaction,
    @Res() res: Response,
  ): Promise<void> {
    const signedIn = req[SIGN_IN_RESULT] as SignedIn;
    const returnTo = req.loginTransaction?.returnTo ?? DEFAULT_RETURN_TO;
    await startSignedInSession(req, signedIn, this.session.idleTimeoutSeconds * 1000);
    // Checked again on the way out: the stored value must still be a path of ours.
    res.redirect(302, safeReturnTo(returnTo));
  }

  /** A page with the "Log out" button: a cross-site link or image cannot sign anyone out. */
  @Get('logout')
  @Render('pages/logout')
  logoutPage(): { title: string } {
    return { title: 'Log out' };
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!req.session?.user) {
      markSignedOut(res, this.http.secure);
      res.redirect(303, SIGNED_OUT_LANDING_PATH);
      return;
    }
    if (!this.csrf.isValid(req)) {
      throw new ForbiddenException(
        'The form had expired or did not come from this site. Reload the page and try again.',
      );
    }
    const tokens = req.session.tokens;
    await endSession(req, res);
    // Cognito's /logout comes back to SIGNED_OUT_LANDING_PATH, which then says so.
    markSignedOut(res, this.http.secure);
    res.redirect(302, await this.auth.signOut(tokens));
  }
}
