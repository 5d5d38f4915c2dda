/**
 * The error names authorize() hands the sign-in form through next-auth
 * (`?error=` or signIn()'s result). Shared by the server and the client
 * form, so no server imports here.
 */
export const SIGN_IN_ERRORS = {
  /** The password was right; the admin has 2FA on: ask for a code. */
  codeNeeded: 'SecondFactorRequired',
  /** The password was right, the code was not (or was used already). */
  codeWrong: 'SecondFactorWrong',
  /** next-auth's own: wrong email address or password (or a switched-off account). */
  refused: 'CredentialsSignin',
} as const;

/** "Too many failed sign-ins. Try again in 5 minute(s)." (TooManyAttemptsError's text) → 5; null for any other error. */
export function retryMinutesOf(error: string | null | undefined): number | null {
  const found = /^Too many failed sign-ins\. Try again in (\d+) minute/.exec(error ?? '');
  return found ? Number(found[1]) : null;
}
