import { Injectable, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from './errors.js';

/** The largest id a path or body may name: ids are 32-bit integer columns on both engines. */
export const MAX_ID = 2147483647;

/** Route ids are positive 32-bit integers (the id columns' type); anything else names nothing, so it is a 404. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_ID) throw new NotFoundError();
    return Number(value);
  }
}
