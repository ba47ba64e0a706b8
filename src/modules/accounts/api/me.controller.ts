import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserActor } from '../../../shared/auth/actor';
import { CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { SensitiveRoute } from '../../../shared/http/throttle';
import { DeactivateAccount } from '../application/account-status.use-cases';
import { ConfirmTotpEnrolment, DisableTotp, StartTotpEnrolment } from '../application/authenticator.use-cases';
import { ChangeMyPassword, GetMyAccount, RequestContactEmailConfirmation, UpdateMyAccount } from '../application/my-account.use-cases';
import { AccountsErrors } from '../domain/accounts.errors';
import { AuthenticatorProofDto, ChangePasswordDto, DeactivationDto, MfaMethodDto, MyAccountDto, TotpCodeDto, TotpEnrolmentDto, UpdateMyAccountDto } from './accounts.dto';
import { Idempotent } from '../../../shared/idempotency/idempotency';

@ApiTags('my account')
@Controller('api/v1/me')
export class MeController {
  constructor(
    private readonly getMyAccount: GetMyAccount,
    private readonly updateMyAccount: UpdateMyAccount,
    private readonly changePassword: ChangeMyPassword,
    private readonly startTotp: StartTotpEnrolment,
    private readonly confirmTotp: ConfirmTotpEnrolment,
    private readonly disableTotp: DisableTotp,
    private readonly deactivate: DeactivateAccount,
    private readonly requestContactConfirmation: RequestContactEmailConfirmation,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getMe', summary: 'My account' })
  @ApiOkResponse({ type: MyAccountDto })
  @ApiProblems([], { validated: false })
  me(@CurrentUser() actor: UserActor): Promise<MyAccountDto> {
    return this.getMyAccount.execute(actor);
  }

  @Patch()
  @ApiOperation({ operationId: 'updateMe', summary: 'Edit my names, phones, contact e-mail (a new contact address is used once confirmed from the link e-mailed to it)' })
  @ApiOkResponse({ type: MyAccountDto })
  @ApiProblems([])
  update(@CurrentUser() actor: UserActor, @Body() body: UpdateMyAccountDto): Promise<MyAccountDto> {
    return this.updateMyAccount.execute(actor, body);
  }

  @Post('contact-email/confirmation-requests')
  @HttpCode(202)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'requestContactEmailConfirmation', summary: 'Send a new confirmation link to my pending contact address' })
  @ApiAcceptedResponse({ description: 'A new link is on its way to pendingContactEmail' })
  @ApiProblems([AccountsErrors.CONTACT_EMAIL_NOT_PENDING, CommonErrors.TOO_MANY_REQUESTS], { validated: false })
  @Idempotent()
  async requestContactEmailConfirmation(@CurrentUser() actor: UserActor): Promise<void> {
    await this.requestContactConfirmation.execute(actor);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ operationId: 'changeMyPassword', summary: 'Change my password (other sessions are closed)' })
  @ApiNoContentResponse()
  @ApiProblems([AccountsErrors.CURRENT_PASSWORD_INVALID, AccountsErrors.ACCOUNT_LOCKED, AccountsErrors.PASSWORD_MISMATCH, AccountsErrors.PASSWORD_TOO_SHORT, AccountsErrors.PASSWORD_NOT_ENOUGH_CLASSES, AccountsErrors.PASSWORD_TOO_COMMON])
  async password(@CurrentUser() actor: UserActor, @Body() body: ChangePasswordDto): Promise<void> {
    await this.changePassword.execute(actor, body);
  }

  @Post('mfa/totp')
  @SensitiveRoute()
  @ApiOperation({
    operationId: 'startTotpEnrolment',
    summary: 'Enrol (or replace) an authenticator app, confirming with the current password or a code of the current app: returns the secret and otpauth URL',
  })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiProblems([AccountsErrors.REAUTHENTICATION_REQUIRED, AccountsErrors.CURRENT_PASSWORD_INVALID, AccountsErrors.AUTHENTICATOR_CODE_INVALID, AccountsErrors.ACCOUNT_LOCKED, CommonErrors.TOO_MANY_REQUESTS])
  @HttpCode(200)
  totp(@CurrentUser() actor: UserActor, @Body() body: AuthenticatorProofDto): Promise<TotpEnrolmentDto> {
    return this.startTotp.execute(actor, body ?? {});
  }

  @Post('mfa/totp/confirmation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'confirmTotpEnrolment', summary: 'Confirm the enrolment with a first code of the new app; TOTP becomes the second factor (the owner is e-mailed)' })
  @ApiOkResponse({ type: MfaMethodDto })
  @ApiProblems([AccountsErrors.TOTP_NOT_ENROLLING, AccountsErrors.MFA_CODE_INVALID])
  confirm(@CurrentUser() actor: UserActor, @Body() body: TotpCodeDto): Promise<MfaMethodDto> {
    return this.confirmTotp.execute(actor, body.code);
  }

  @Post('mfa/totp/removal')
  @HttpCode(200)
  @SensitiveRoute()
  @ApiOperation({
    operationId: 'disableTotp',
    summary: 'Remove the authenticator app and go back to codes sent by e-mail, confirming with the current password or a code of the app (the owner is e-mailed)',
  })
  @ApiOkResponse({ type: MfaMethodDto })
  @ApiProblems([AccountsErrors.REAUTHENTICATION_REQUIRED, AccountsErrors.CURRENT_PASSWORD_INVALID, AccountsErrors.AUTHENTICATOR_CODE_INVALID, AccountsErrors.ACCOUNT_LOCKED, CommonErrors.TOO_MANY_REQUESTS])
  disable(@CurrentUser() actor: UserActor, @Body() body: AuthenticatorProofDto): Promise<MfaMethodDto> {
    return this.disableTotp.execute(actor, body ?? {});
  }

  @Post('deactivation')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deactivateMe', summary: 'Deactivate my account (signs me out everywhere; support can reactivate)' })
  @ApiNoContentResponse()
  @ApiProblems([AccountsErrors.CURRENT_PASSWORD_INVALID, AccountsErrors.ACCOUNT_LOCKED, AccountsErrors.USER_STATUS_CONFLICT])
  async deactivateMe(@CurrentUser() actor: UserActor, @Body() body: DeactivationDto): Promise<void> {
    await this.deactivate.byUser(actor, body.password);
  }
}
