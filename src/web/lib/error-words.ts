/**
 * The Management API keeps Auth0's words ("resource server", as the `auth0` SDK and Deploy CLI
 * expect them); the console calls the same thing an API. Messages shown to a person are rewritten.
 */
export function inConsoleWords(message: string): string {
  return message
    .replace(/\b([Aa]) resource server\b/g, '$1n API')
    .replace(/\bresource servers\b/g, 'APIs')
    .replace(/\bResource servers\b/g, 'APIs')
    .replace(/\b[Rr]esource server\b/g, 'API');
}
