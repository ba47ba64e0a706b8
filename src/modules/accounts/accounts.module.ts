import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AdminUsersController } from './api/admin-users.controller';
import { AuthController } from './api/auth.controller';
import { MeController } from './api/me.controller';
import { SignUpController } from './api/sign-up.controller';
import { WebPagesController } from './api/web-pages.controller';
import { ActivateAccount } from './application/activate-account.use-case';
import { DeactivateAccount, ReactivateAccount, RequestReactivation, SearchUsers } from './application/account-status.use-cases';
import { CaptchaService } from './application/captcha.service';
import { LogIn } from './application/log-in.use-case';
import { AuthenticatorProofs, ConfirmTotpEnrolment, DisableTotp, StartTotpEnrolment } from './application/authenticator.use-cases';
import { ChangeMyPassword, ConfirmContactEmail, GetMyAccount, LogOut, RequestContactEmailConfirmation, UpdateMyAccount } from './application/my-account.use-cases';
import { OneTimeLinks } from './application/one-time-links.service';
import { CompletePasswordReset, GetPasswordResetQuestion, RequestPasswordReset } from './application/password-reset.use-cases';
import { PurgePendingAccounts } from './application/purge-pending-accounts.use-case';
import { ReauthenticationLimits } from './application/reauthentication-limits.service';
import { PurgeExpiredCaptchas } from './application/purge-expired-captchas.use-case';
import { RefreshSession } from './application/refresh-session.use-case';
import { RequestActivationLink } from './application/request-activation-link.use-case';
import { Sessions } from './application/sessions.service';
import { SignUp } from './application/sign-up.use-case';
import { VerifyMfa } from './application/verify-mfa.use-case';
import { EnsureActiveUser } from './application/ensure-administrator.use-case';
import { CaptchaVerifier } from './contracts/captcha';
import { UserActivity, UserDirectory } from './contracts/users';
import { AccountsSeed } from './infrastructure/accounts.seed';
import { AccessTokens } from './infrastructure/access-tokens';
import { CaptchaImages } from './infrastructure/captcha-images';
import { PasswordHasher } from './infrastructure/password-hasher';
import { TotpService } from './infrastructure/totp';
import { MikroUserDirectory } from './infrastructure/user-directory';
import { CachedUserActivity } from './infrastructure/user-activity';
import { UserJwtStrategy } from './infrastructure/user-jwt.strategy';
import { SessionCache } from './infrastructure/session-cache';
import { CaptchaPurgeSweep } from './jobs/captcha-purge.handlers';
import { ACCOUNT_MAIL_HANDLERS } from './jobs/account-mail.handlers';
import { PendingPurgeSweep, PurgePendingAccountJob, SchedulePendingPurge } from './jobs/pending-purge.handlers';

/** Users, activation, passwords, second factors, sessions. Exposes UserDirectory to other contexts. */
@Global()
@Module({
  imports: [PassportModule, JwtModule.register({})],
  controllers: [SignUpController, AuthController, MeController, AdminUsersController, WebPagesController],
  providers: [
    PasswordHasher,
    AccessTokens,
    TotpService,
    CaptchaImages,
    UserJwtStrategy,
    SessionCache,
    CaptchaService,
    OneTimeLinks,
    Sessions,
    SignUp,
    ActivateAccount,
    RequestActivationLink,
    LogIn,
    VerifyMfa,
    RefreshSession,
    LogOut,
    RequestPasswordReset,
    GetPasswordResetQuestion,
    CompletePasswordReset,
    GetMyAccount,
    UpdateMyAccount,
    ConfirmContactEmail,
    RequestContactEmailConfirmation,
    ChangeMyPassword,
    AuthenticatorProofs,
    ReauthenticationLimits,
    StartTotpEnrolment,
    ConfirmTotpEnrolment,
    DisableTotp,
    DeactivateAccount,
    RequestReactivation,
    ReactivateAccount,
    SearchUsers,
    PurgePendingAccounts,
    EnsureActiveUser,
    AccountsSeed,
    SchedulePendingPurge,
    PurgePendingAccountJob,
    PendingPurgeSweep,
    PurgeExpiredCaptchas,
    CaptchaPurgeSweep,
    ...ACCOUNT_MAIL_HANDLERS,
    { provide: UserDirectory, useClass: MikroUserDirectory },
    { provide: UserActivity, useClass: CachedUserActivity },
    { provide: CaptchaVerifier, useExisting: CaptchaService },
  ],
  exports: [UserDirectory, UserActivity, CaptchaVerifier],
})
export class AccountsModule {}
