/**
 * A tenant export that cannot be imported as it is (bad file, unknown keyword, conflicting hooks,
 * …). The message is written for the person importing it: the CLI prints it as its one error line,
 * the console shows it above the form.
 */
export class TenantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantError';
  }
}
