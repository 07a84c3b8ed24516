import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/configuration.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { InjectConfig } from '../common/config.provider.js';
import { FormView } from '../common/form-view.js';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateTokenDto, SignInDto, SignUpDto } from './accounts.dto.js';
import { AccountsService } from './accounts.service.js';
import { CreatorProfilesService } from './creator-profiles.service.js';
import { clearSessionCookie, safeNext, setDeviceCookie, setRetryAfter, setSessionCookie, signInClient } from './session-cookie.js';
import type { User } from './user.entity.js';

@ApiExcludeController()
@Controller()
export class AccountsController {
  private readonly secure: boolean;

  constructor(private readonly accounts: AccountsService, private readonly profiles: CreatorProfilesService, @InjectConfig() config: AppConfig) {
    this.secure = config.publicBaseUrl.startsWith('https:');
  }

  @Get('sign-in')
  @Render('accounts/sign-in')
  signInPage(@Query('next') next: string) {
    return { values: {}, errors: {}, next: safeNext(next) };
  }

  @Post('sign-in')
  @FormView('accounts/sign-in', async (req) => ({ next: safeNext(req.query.next) }))
  async signIn(@Body() dto: SignInDto, @Query('next') next: string, @Req() req: Request, @Res() res: Response) {
    let signedIn;
    try {
      signedIn = await this.accounts.signIn(dto.email, dto.password, signInClient(req));
    } catch (error) {
      setRetryAfter(res, error);
      if (!(error instanceof UnauthenticatedError || error instanceof TooManyRequestsError)) throw error;
      // The form again with what went wrong (or how long to wait), the email still filled in.
      res.status(error.status).render('accounts/sign-in', { values: { email: dto.email }, errors: {}, next: safeNext(next), formError: req.t(`errors.${error.code}`, error.params) });
      return;
    }
    setSessionCookie(res, signedIn.sessionToken, this.secure);
    setDeviceCookie(res, signedIn.deviceCookie, this.secure);
    setFlash(res, 'accounts.signed_in');
    res.redirect(303, safeNext(next));
  }

  @Get('sign-up')
  @Render('accounts/sign-up')
  signUpPage() {
    return { values: {}, errors: {} };
  }

  @Post('sign-up')
  @FormView('accounts/sign-up')
  async signUp(@Body() dto: SignUpDto, @Res() res: Response) {
    const user = await this.accounts.signUp(dto);
    setSessionCookie(res, await this.accounts.createSession(user.id), this.secure);
    setDeviceCookie(res, this.accounts.newDeviceCookie(user.id), this.secure);
    setFlash(res, 'accounts.welcome', { name: user.name });
    // The second step of signing up: the business profile (skippable), then the home page.
    res.redirect(303, '/account/profile?next=%2F');
  }

  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    if (req.sessionTokenHash) await this.accounts.signOut(req.sessionTokenHash);
    clearSessionCookie(res);
    // Whatever this browser keeps for the signed-in person goes too: the door check-in list and its offline copy.
    res.set('Clear-Site-Data', '"storage"');
    setFlash(res, 'accounts.signed_out');
    res.redirect(303, '/');
  }

  @Get('account')
  @SignedIn()
  @Render('accounts/account')
  async account(@CurrentUser() user: User) {
    return { tokens: await this.accounts.listApiTokens(user.id), profile: await this.profiles.find(user.id), values: {}, errors: {} };
  }

  @Post('account/tokens')
  @SignedIn()
  @FormView('accounts/account', async (req, refs) => ({
    tokens: await refs.get(AccountsService, { strict: false }).listApiTokens(req.user!.id),
    profile: await refs.get(CreatorProfilesService, { strict: false }).find(req.user!.id),
  }))
  @Render('accounts/account')
  async createToken(@CurrentUser() user: User, @Body() dto: CreateTokenDto) {
    const { token } = await this.accounts.createApiToken(user.id, dto.name);
    return { tokens: await this.accounts.listApiTokens(user.id), profile: await this.profiles.find(user.id), newToken: token, values: {}, errors: {} };
  }

  @Post('account/tokens/:id/revoke')
  @SignedIn()
  async revokeToken(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.accounts.revokeApiToken(user.id, id);
    setFlash(res, 'accounts.token_revoked');
    res.redirect(303, '/account');
  }
}
