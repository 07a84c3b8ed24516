import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/configuration.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { InjectConfig } from '../common/config.provider.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateTokenDto, SignInDto, SignUpDto } from './accounts.dto.js';
import { AccountsService } from './accounts.service.js';
import { clearSessionCookie, setDeviceCookie, setRetryAfter, setSessionCookie, signInClient } from './session-cookie.js';
import type { User } from './user.entity.js';

export const userJson = (user: User) => ({ id: user.id, name: user.name, email: user.email, role: user.role });

@ApiTags('accounts')
@Controller('api')
export class AccountsApiController {
  private readonly secure: boolean;

  constructor(
    private readonly accounts: AccountsService,
    @InjectConfig() config: AppConfig,
  ) {
    this.secure = config.publicBaseUrl.startsWith('https:');
  }

  @Post('auth/sign-up')
  @ApiErrors(409)
  async signUp(@Body() dto: SignUpDto, @Res({ passthrough: true }) res: Response) {
    const user = await this.accounts.signUp(dto);
    setSessionCookie(res, await this.accounts.createSession(user.id), this.secure);
    setDeviceCookie(res, this.accounts.newDeviceCookie(user.id), this.secure);
    return userJson(user);
  }

  @Post('auth/sign-in')
  @ApiErrors(429)
  @HttpCode(200)
  async signIn(@Body() dto: SignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      const { user, sessionToken, deviceCookie } = await this.accounts.signIn(dto.email, dto.password, signInClient(req));
      setSessionCookie(res, sessionToken, this.secure);
      setDeviceCookie(res, deviceCookie, this.secure);
      return userJson(user);
    } catch (error) {
      setRetryAfter(res, error);
      throw error;
    }
  }

  @Post('auth/sign-out')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (req.sessionTokenHash) await this.accounts.signOut(req.sessionTokenHash);
    clearSessionCookie(res);
    res.set('Clear-Site-Data', '"storage"');
  }

  @Get('me')
  @SignedIn()
  async me(@CurrentUser() user: User) {
    return { ...userJson(user), managedVenueIds: await this.accounts.managedVenueIds(user) };
  }

  @Get('me/tokens')
  @SignedIn()
  async tokens(@CurrentUser() user: User) {
    const tokens = await this.accounts.listApiTokens(user.id);
    return tokens.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt }));
  }

  @Post('me/tokens')
  @SignedIn()
  async createToken(@CurrentUser() user: User, @Body() dto: CreateTokenDto) {
    const { token, record } = await this.accounts.createApiToken(user.id, dto.name);
    return { id: record.id, name: record.name, prefix: record.prefix, token, createdAt: record.createdAt };
  }

  @Delete('me/tokens/:id')
  @SignedIn()
  @HttpCode(204)
  async revokeToken(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    await this.accounts.revokeApiToken(user.id, id);
  }
}
