import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Request input checked at the edge: the handler gets the schema's typed output, or the client a
 * 400 whose message is the schema's own wording (each issue's message, in order). Under /api the
 * app-wide filter answers JSON; a page's own filter may show it on the form instead.
 * Use: `@Query(new ZodValidationPipe(schema))`, `@Body(new ZodValidationPipe(schema))`.
 */
@Injectable()
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<
  unknown,
  z.output<Schema>
> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown): z.output<Schema> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new BadRequestException(validationMessage(result.error));
  }
}

/** One line for people: the issues' messages, each said once. */
export function validationMessage(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.message))].join(' ');
}
