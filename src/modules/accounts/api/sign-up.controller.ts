import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { SensitiveRoute } from '../../../shared/http/throttle';
import { ActivateAccount } from '../application/activate-account.use-case';
import { RequestReactivation } from '../application/account-status.use-cases';
import { CaptchaService } from '../application/captcha.service';
import { ConfirmContactEmail } from '../application/my-account.use-cases';
import { RequestActivationLink } from '../application/request-activation-link.use-case';
import { SignUp } from '../application/sign-up.use-case';
import { AccountsErrors } from '../domain/accounts.errors';
import { AcceptedDto, ActivationDto, CaptchaDto, ContactEmailConfirmationDto, LoginEmailDto, SignUpDto } from './accounts.dto';

const ACCEPTED: AcceptedDto = { message: 'Si cette demande est recevable, un e-mail vient d’être envoyé à l’adresse indiquée.' };
const PASSWORD_ERRORS = [
  AccountsErrors.PASSWORD_MISMATCH,
  AccountsErrors.PASSWORD_TOO_SHORT,
  AccountsErrors.PASSWORD_TOO_LONG,
  AccountsErrors.PASSWORD_NOT_ENOUGH_CLASSES,
  AccountsErrors.PASSWORD_TOO_COMMON,
];

@ApiTags('accounts')
@Public()
@Controller('api/v1')
export class SignUpController {
  constructor(
    private readonly captcha: CaptchaService,
    private readonly signUp: SignUp,
    private readonly activate: ActivateAccount,
    private readonly requestLink: RequestActivationLink,
    private readonly requestReactivation: RequestReactivation,
    private readonly confirmContact: ConfirmContactEmail,
  ) {}

  @Get('captcha')
  @SensitiveRoute()
  @ApiOperation({ operationId: 'getCaptcha', summary: 'A 5-character captcha for sign-up, password reset and the contact form' })
  @ApiOkResponse({ type: CaptchaDto })
  @ApiProblems([CommonErrors.TOO_MANY_REQUESTS], { publicRoute: true, validated: false })
  getCaptcha(): Promise<CaptchaDto> {
    return this.captcha.issue();
  }

  @Post('accounts')
  @HttpCode(202)
  @SensitiveRoute()
  @ApiOperation({
    operationId: 'signUp',
    summary: 'Create an account (pending until activated from the e-mailed link)',
    description: 'Answers 202 whether or not the address is already registered; a registered address receives a notice instead.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems([AccountsErrors.EMAIL_CONFIRMATION_MISMATCH, AccountsErrors.TERMS_NOT_ACCEPTED, CommonErrors.CAPTCHA_INVALID, CommonErrors.TOO_MANY_REQUESTS], { publicRoute: true })
  async createAccount(@Body() body: SignUpDto): Promise<AcceptedDto> {
    await this.signUp.execute(body);
    return ACCEPTED;
  }

  @Post('accounts/activation')
  @HttpCode(204)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'activateAccount', summary: 'Activate an account: set the password and the secret question' })
  @ApiNoContentResponse({ description: 'Activated; the user can sign in' })
  @ApiProblems([AccountsErrors.LINK_INVALID, ...PASSWORD_ERRORS], { publicRoute: true })
  async activateAccount(@Body() body: ActivationDto): Promise<void> {
    await this.activate.execute(body);
  }

  @Post('accounts/contact-email-confirmation')
  @HttpCode(204)
  @SensitiveRoute()
  @ApiOperation({
    operationId: 'confirmContactEmail',
    summary: 'Confirm a new contact address from the link e-mailed to it: notices go there from now on (the token proves the mailbox)',
  })
  @ApiNoContentResponse({ description: 'Confirmed; the former and the new address are told' })
  @ApiProblems([AccountsErrors.LINK_INVALID], { publicRoute: true })
  async confirmContactEmail(@Body() body: ContactEmailConfirmationDto): Promise<void> {
    await this.confirmContact.execute(body.token);
  }

  @Post('accounts/activation-requests')
  @HttpCode(202)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'requestActivationLink', summary: 'Send a fresh activation link to a pending account ("Réactiver")' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems([CommonErrors.TOO_MANY_REQUESTS], { publicRoute: true })
  async requestActivationLink(@Body() body: LoginEmailDto): Promise<AcceptedDto> {
    await this.requestLink.execute(body.loginEmail);
    return ACCEPTED;
  }

  @Post('accounts/reactivation-requests')
  @HttpCode(202)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'requestReactivation', summary: 'Ask the platform support to reactivate a deactivated account' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems([CommonErrors.CAPTCHA_INVALID, CommonErrors.TOO_MANY_REQUESTS], { publicRoute: true })
  async requestAccountReactivation(@Body() body: LoginEmailDto): Promise<AcceptedDto> {
    await this.requestReactivation.execute(body.loginEmail, body.captchaId, body.captchaAnswer);
    return ACCEPTED;
  }
}
