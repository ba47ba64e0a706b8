import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../shared/auth/decorators';
import { ACTIVATION_PAGE, PASSWORD_RESET_PAGE, SIGN_IN_PAGE } from './web-pages';

/** The pages e-mailed links open (PUBLIC_URL/activation?token=…, /mot-de-passe-oublie?token=…, /connexion). */
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

  @Get('connexion')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  signIn(): string {
    return SIGN_IN_PAGE;
  }
}
