import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, RULE_TEXT } from '../photo-rules';

/** `?limit=`: a whole number from 1 to 100, 24 when absent. */
@Injectable()
export class PageLimitPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    if (value === undefined || value === '') return DEFAULT_PAGE_SIZE;
    if (
      typeof value !== 'string' ||
      !/^\d{1,3}$/.test(value) ||
      Number(value) < 1 ||
      Number(value) > MAX_PAGE_SIZE
    ) {
      throw new BadRequestException(RULE_TEXT.badLimit);
    }
    return Number(value);
  }
}
