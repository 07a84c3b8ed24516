import { applyDecorators, createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Role, User } from '../accounts/user.entity.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

const ACCESS = 'rk:access';
type Access = { roles: Role[] | 'any' };

/** Marks the operation in the API document as needing a token or session (its 401/403 follow from that). */
const documented = (access: Access) => applyDecorators(SetMetadata(ACCESS, access), ApiBearerAuth(), ApiCookieAuth());

/** The route needs a signed-in user (any role). */
export const SignedIn = () => documented({ roles: 'any' });
/** The route needs a signed-in user with one of these roles; finer checks (which venue) live in services. */
export const Roles = (...roles: Role[]) => documented({ roles });

/** The signed-in user of a route marked @SignedIn() or @Roles(). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): User =>
  ctx.switchToHttp().getRequest<Request>().user!);

/** The caller, or null for a visitor. */
export const OptionalUser = createParamDecorator((_: unknown, ctx: ExecutionContext): User | null =>
  ctx.switchToHttp().getRequest<Request>().user ?? null);

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [ctx.getHandler(), ctx.getClass()]);
    if (!access) return true;
    const user = ctx.switchToHttp().getRequest<Request>().user;
    if (!user) throw new UnauthenticatedError();
    if (access.roles !== 'any' && !access.roles.includes(user.role)) throw new ForbiddenError();
    return true;
  }
}
