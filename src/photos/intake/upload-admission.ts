/**
 * What must pass before the first byte of an upload's body is spooled, in order: on the upload
 * form, its CSRF token and then the user's write budget (CsrfService and WriteBudget, bound by
 * PageUploadAdmission); on every upload route, then, room in the spool (UploadIntakeInterceptor).
 * The intake runs them before the body is read when none needs a form field; otherwise the
 * spool runs them when the first file part begins (after the form's `_csrf` field, which
 * comes first in the form), or after the body when it carried no file (UploadAdmitted). Each
 * request is admitted once, whoever asks first; a refusal fails every later ask alike.
 */
export type AdmissionCheck = () => Promise<void> | void;

const checks = new WeakMap<object, AdmissionCheck[]>();
const admissions = new WeakMap<object, Promise<void>>();
const readsBody = new WeakSet<object>();

/**
 * Adds a check to the request's admission, after those added before it. `needsBody`: it reads a
 * form field, so it can only run once the body's fields before the first file have arrived.
 */
export function requireForAdmission(
  req: object,
  check: AdmissionCheck,
  options: { needsBody?: boolean } = {},
): void {
  const list = checks.get(req) ?? [];
  list.push(check);
  checks.set(req, list);
  if (options.needsBody) readsBody.add(req);
}

/**
 * Whether the admission can run before the body is read at all. Then it does: a refusal answers
 * at once, where one met at the first file waits for multer to read (and drop) the whole body.
 */
export function admissionNeedsBody(req: object): boolean {
  return readsBody.has(req);
}

/** Runs the request's checks once, in order; resolves when every one passed. */
export function admit(req: object): Promise<void> {
  let admission = admissions.get(req);
  if (!admission) {
    admission = (async () => {
      for (const check of checks.get(req) ?? []) await check();
    })();
    admissions.set(req, admission);
  }
  return admission;
}
