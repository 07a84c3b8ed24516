import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

type ContextLoader = (req: Request, refs: ModuleRef) => Promise<Record<string, unknown>>;
interface FormViewMeta { view: string; context?: ContextLoader }
const FORM_VIEW = 'rk:form-view';

/**
 * Marks a browser form POST: when validation or a rule fails, the global filter re-renders `view`
 * with the submitted values, field messages and whatever `context` loads.
 */
export const FormView = (view: string, context?: ContextLoader) => SetMetadata(FORM_VIEW, { view, context });

@Injectable()
export class FormViewInterceptor implements NestInterceptor {
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
