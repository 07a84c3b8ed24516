import { applyDecorators } from '@nestjs/common';
import { Matches, ValidateBy } from 'class-validator';
import { isValidIsoDate } from './time.js';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A local calendar date written YYYY-MM-DD that exists: the pattern alone lets 2026-02-30 and year 0000 through,
 * which PostgreSQL's date columns refuse. Messages use `validation.date` (the pattern's own message covers the format).
 */
export const IsLocalDate = () => applyDecorators(
  Matches(DATE_PATTERN, { message: 'date' }),
  ValidateBy({
    name: 'isCalendarDate',
    validator: { validate: (value) => typeof value !== 'string' || !DATE_PATTERN.test(value) || (isValidIsoDate(value) && !value.startsWith('0000')) },
  }, { message: 'date' }),
);
