import { z } from 'zod';

/** Console sign-in body. */
export const signInSchema = z.strictObject({
  email: z.string().trim().min(1, 'Enter your email').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type SignIn = z.infer<typeof signInSchema>;

/** `PUT /api/session/password`: the signed-in admin's current password and a new one. */
export const passwordChangeSchema = z.strictObject({
  current_password: z.string().min(1, 'Enter your current password').max(1024),
  new_password: z.string().min(12, 'Use at least 12 characters').max(1024),
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** The signed-in console admin. */
export const sessionSchema = z.object({
  email: z.string(),
  tenant: z.string(),
  expires_at: z.string(),
});
export type Session = z.infer<typeof sessionSchema>;

/** Header every console request carries: a custom header a cross-site form cannot send (CSRF). */
export const CSRF_HEADER = 'x-tokenhook-csrf';
export const CSRF_VALUE = '1';
