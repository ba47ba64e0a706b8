/** What other contexts' public forms (e.g. the support contact form) may ask of the captcha. */
export abstract class CaptchaVerifier {
  /** Consumes the challenge; throws `COMMON.CAPTCHA_INVALID` when wrong or expired. No-op when captchas are disabled. */
  abstract verify(id: string | undefined, answer: string | undefined): Promise<void>;
}
