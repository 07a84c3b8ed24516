import { applyDecorators, Injectable, SetMetadata, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

type ContextLoader = (req: Request, refs: ModuleRef) => Promise<Record<string, unknown>>;
interface FormViewMeta { view: string; context?: ContextLoader }
const FORM_VIEW = 'rk:form-view';

@Injectable()
class FormViewInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector, private readonly refs: ModuleRef) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<FormViewMeta | undefined>(FORM_VIEW, ctx.getHandler());
    if (meta && ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<Request>();
      req.formView = meta.view;
      if (meta.context) req.formContext = () => meta.context!(req, this.refs);
    }
    return next.handle();
  }
}

/**
 * Marks a browser form POST: when validation or a rule fails, the global filter re-renders `view`
 * with the submitted values, field messages and whatever `context` loads. The interceptor is the route's own, not a
 * global one: a global interceptor puts every request (API calls, /healthz) through Nest's RxJS pipeline. Put this
 * below the route's other interceptor decorators (e.g. `@IdempotentForm()`), so it runs first, as a global one did.
 */
export const FormView = (view: string, context?: ContextLoader) =>
  applyDecorators(SetMetadata(FORM_VIEW, { view, context }), UseInterceptors(FormViewInterceptor));
