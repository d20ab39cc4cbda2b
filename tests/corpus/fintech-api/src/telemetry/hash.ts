import { createHash } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function md5Hex(value: string): string {
  return createHash('md5').update(value).digest('hex');
}
