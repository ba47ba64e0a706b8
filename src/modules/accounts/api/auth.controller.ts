import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserActor } from '../../../shared/auth/actor';
import { CurrentUser, Public } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { SensitiveRoute } from '../../../shared/http/throttle';
import { LogIn } from '../application/log-in.use-case';
import { LogOut } from '../application/my-account.use-cases';
import { CompletePasswordReset, GetPasswordResetQuestion, RequestPasswordReset } from '../application/password-reset.use-cases';
import { RefreshSession } from '../application/refresh-session.use-case';
import { VerifyMfa } from '../application/verify-mfa.use-case';
import { AccountsErrors } from '../domain/accounts.errors';
import {
  AcceptedDto,
  LoginDto,
  LoginResultDto,
  MfaDto,
  PasswordResetDto,
  PasswordResetRequestDto,
  RefreshDto,
  SecretQuestionDto,
  TokenPairDto,
} from './accounts.dto';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly logIn: LogIn,
    private readonly verifyMfa: VerifyMfa,
    private readonly refreshSession: RefreshSession,
    private readonly logOut: LogOut,
    private readonly requestReset: RequestPasswordReset,
    private readonly resetQuestion: GetPasswordResetQuestion,
    private readonly completeReset: CompletePasswordReset,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'logIn', summary: 'Sign in, step 1: e-mail and password; a second factor follows' })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiProblems(
    [AccountsErrors.INVALID_CREDENTIALS, AccountsErrors.ACCOUNT_LOCKED, AccountsErrors.ACCOUNT_NOT_ACTIVE, CommonErrors.TOO_MANY_REQUESTS],
    { publicRoute: true },
  )
  login(@Body() body: LoginDto): Promise<LoginResultDto> {
    return this.logIn.execute(body.email, body.password);
  }

  @Public()
  @Post('auth/mfa')
  @HttpCode(200)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'verifyMfa', summary: 'Sign in, step 2: the e-mailed or authenticator code; opens a session' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(
    [AccountsErrors.MFA_CHALLENGE_INVALID, AccountsErrors.MFA_CODE_INVALID, AccountsErrors.ACCOUNT_LOCKED, CommonErrors.TOO_MANY_REQUESTS],
    { publicRoute: true },
  )
  mfa(@Body() body: MfaDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.verifyMfa.execute(body.challengeId, body.code, request.headers['user-agent']);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'refreshSession', summary: 'New access token; the refresh token rotates (reuse revokes the session)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems([AccountsErrors.REFRESH_TOKEN_INVALID], { publicRoute: true })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.refreshSession.execute(body.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'logOut', summary: 'End this session (its refresh and access tokens stop working)' })
  @ApiNoContentResponse()
  @ApiProblems([], { validated: false })
  async logout(@CurrentUser() actor: UserActor): Promise<void> {
    await this.logOut.execute(actor);
  }

  @Public()
  @Post('password-resets')
  @HttpCode(202)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'requestPasswordReset', summary: 'Forgotten password: e-mails a single-use reset link' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems([CommonErrors.CAPTCHA_INVALID, CommonErrors.TOO_MANY_REQUESTS], { publicRoute: true })
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<AcceptedDto> {
    await this.requestReset.execute(body.email, body.captchaId, body.captchaAnswer);
    return { message: 'Si cette adresse correspond à un compte actif, un e-mail vient de lui être envoyé.' };
  }

  @Public()
  @Get('password-resets/:token')
  @SensitiveRoute()
  @ApiOperation({ operationId: 'getPasswordResetQuestion', summary: 'The secret question, for the holder of the reset link' })
  @ApiOkResponse({ type: SecretQuestionDto })
  @ApiProblems([AccountsErrors.LINK_INVALID], { publicRoute: true, validated: false })
  getPasswordResetQuestion(@Param('token') token: string): Promise<SecretQuestionDto> {
    return this.resetQuestion.execute(token);
  }

  @Public()
  @Post('password-resets/:token')
  @HttpCode(204)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'completePasswordReset', summary: 'Answer the secret question and set a new password; every session is closed' })
  @ApiNoContentResponse()
  @ApiProblems(
    [
      AccountsErrors.LINK_INVALID,
      AccountsErrors.SECRET_ANSWER_INVALID,
      AccountsErrors.PASSWORD_MISMATCH,
      AccountsErrors.PASSWORD_TOO_SHORT,
      AccountsErrors.PASSWORD_NOT_ENOUGH_CLASSES,
      AccountsErrors.PASSWORD_TOO_COMMON,
    ],
    { publicRoute: true },
  )
  async completePasswordReset(@Param('token') token: string, @Body() body: PasswordResetDto): Promise<void> {
    await this.completeReset.execute({ token, ...body });
  }
}
