import { Injectable, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from './errors.js';

/** Route ids are positive integers; anything else names nothing, so it is a 404. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value)) throw new NotFoundError();
    return Number(value);
  }
}
