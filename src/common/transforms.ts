import { Transform } from 'class-transformer';
import { parseClock } from './time.js';

/**
 * Forms pair a hidden "false" with the checkbox, so a ticked box arrives as ["false", "on"]: the last value wins.
 * A missing field stays undefined (an API update that leaves it out keeps the stored value).
 */
export const ToBoolean = () => Transform(({ value: raw }) => {
  const value: unknown = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null) return undefined;
  if (value === '') return false;
  return ['on', 'true', '1', 'yes'].includes(String(value).toLowerCase()) ? true
    : ['off', 'false', '0', 'no'].includes(String(value).toLowerCase()) ? false : value;
});

/** Trims strings; turns an empty form field into undefined so @IsOptional applies. */
export const Trim = () => Transform(({ value }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
});

/** Form fields arrive as text: "12" becomes 12, an empty field undefined; anything else stays for the validator. */
export const ToNumber = () => Transform(({ value }) => {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return value;
});

/** A form sends one value or several under the same name; the API sends an array. */
export const ToArray = () => Transform(({ value }) => {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
});

/** A clock field typed either way ("13.00" or "13:00") arrives as "13:00"; what is not a time stays for the validator. */
export const ToClock = () => Transform(({ value }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return parseClock(trimmed) ?? trimmed;
});
