import { Injectable } from '@nestjs/common';
import svgCaptcha from 'svg-captcha';

/** Draws a 5-character challenge; ambiguous characters (0/O, 1/l/I) are left out. */
@Injectable()
export class CaptchaImages {
  draw(): { text: string; svg: string } {
    const { text, data } = svgCaptcha.create({ size: 5, noise: 3, ignoreChars: '0oO1ilI', color: false, width: 180, height: 60 });
    return { text, svg: data };
  }
}
