import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../shared/auth/decorators';
import { ACTIVATION_PAGE, CONTACT_EMAIL_PAGE, PASSWORD_RESET_PAGE, SIGN_IN_PAGE } from './web-pages';

/** The pages e-mailed links open (PUBLIC_URL/activation?token=…, /mot-de-passe-oublie?token=…, /adresse-de-contact?token=…, /connexion). */
@ApiExcludeController()
@Public()
@Controller()
export class WebPagesController {
  @Get('activation')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  activation(): string {
    return ACTIVATION_PAGE;
  }

  @Get('mot-de-passe-oublie')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  passwordReset(): string {
    return PASSWORD_RESET_PAGE;
  }

  // A page with a button, not a GET that confirms: mail scanners follow links, and must not confirm an address.
  @Get('adresse-de-contact')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  contactEmail(): string {
    return CONTACT_EMAIL_PAGE;
  }

  @Get('connexion')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  signIn(): string {
    return SIGN_IN_PAGE;
  }
}
