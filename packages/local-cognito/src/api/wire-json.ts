/**
 * The JSON of an answer: the awsJson1_1 protocol sends timestamps as epoch seconds (with
 * fractions), which the SDK turns back into Dates; `undefined` members are left out.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : replaced;
  });
}
