import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MfaMethod, UserStatus } from '../domain/user.entity';

const PHONE = /^\+?[0-9 ().-]{6,25}$/;
const EMAIL_MAX = 254;

export class PostalAddressDto {
  @ApiProperty({ example: '12 rue de la Paix' }) @IsString() @IsNotEmpty() @MaxLength(200) line1: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) line3?: string;
  @ApiProperty({ example: '75002' }) @IsString() @IsNotEmpty() @MaxLength(20) postalCode: string;
  @ApiProperty({ example: 'Paris' }) @IsString() @IsNotEmpty() @MaxLength(100) city: string;
  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2' }) @Matches(/^[A-Z]{2}$/) country: string;
}

export class SignUpDto {
  @ApiProperty({ example: 'marie.curie@example.fr' }) @IsEmail() @MaxLength(EMAIL_MAX) @Matches(/^\S+$/) loginEmail: string;
  @ApiProperty({ example: 'marie.curie@example.fr', description: 'The login e-mail typed a second time' })
  @IsString()
  @MaxLength(EMAIL_MAX)
  loginEmailConfirmation: string;
  @ApiProperty({ example: 'Marie' }) @IsString() @IsNotEmpty() @MaxLength(100) firstName: string;
  @ApiProperty({ example: 'Curie' }) @IsString() @IsNotEmpty() @MaxLength(100) lastName: string;
  @ApiPropertyOptional({ example: '+33 1 23 45 67 89' }) @IsOptional() @Matches(PHONE) phone?: string;
  @ApiPropertyOptional({ description: 'Where notifications go; defaults to the login e-mail' })
  @IsOptional()
  @IsEmail()
  @MaxLength(EMAIL_MAX)
  contactEmail?: string;
  @ApiProperty({ description: 'Acceptance of the terms of use (must be true)' }) @IsBoolean() acceptTerms: boolean;
  @ApiPropertyOptional({ description: 'Consent to satisfaction surveys' }) @IsOptional() @IsBoolean() surveyConsent?: boolean;
  @ApiPropertyOptional({ type: PostalAddressDto, description: 'Professional postal address (older forms)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  postalAddress?: PostalAddressDto;
  @ApiPropertyOptional({ description: 'Id from GET /api/v1/captcha (required unless captchas are disabled)' })
  @IsOptional()
  @IsUUID()
  captchaId?: string;
  @ApiPropertyOptional({ example: 'a7Kp3' }) @IsOptional() @IsString() @MaxLength(10) captchaAnswer?: string;
}

export class AcceptedDto {
  @ApiProperty({ example: 'Si cette demande est recevable, un e-mail vient de vous être envoyé.' }) message: string;
}

export class CaptchaDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'data: URI of an SVG image showing 5 characters' }) image: string;
  @ApiProperty({ example: 600 }) expiresIn: number;
  @ApiProperty({ description: 'false in sandboxes and tests: the answer is then not checked' }) enabled: boolean;
}

export class ContactEmailConfirmationDto {
  @ApiProperty({ description: 'Token from the link e-mailed to the new contact address' }) @IsString() @IsNotEmpty() @MaxLength(100) token: string;
}

export class ActivationDto {
  @ApiProperty({ description: 'Token from the activation link' }) @IsString() @IsNotEmpty() @MaxLength(100) token: string;
  @ApiProperty({ description: '12+ characters, 3 of: upper case, lower case, digit, special' })
  @IsString()
  @MaxLength(512)
  password: string;
  @ApiProperty() @IsString() @MaxLength(512) passwordConfirmation: string;
  @ApiProperty({ example: 'Nom de mon premier animal ?' }) @IsString() @IsNotEmpty() @MaxLength(200) secretQuestion: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) secretAnswer: string;
}

export class LoginEmailDto {
  @ApiProperty() @IsEmail() @MaxLength(EMAIL_MAX) loginEmail: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() captchaId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10) captchaAnswer?: string;
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(EMAIL_MAX) email: string;
  @ApiProperty() @IsString() @MaxLength(512) password: string;
}

export class LoginResultDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ description: 'Pass it to POST /api/v1/auth/mfa with the code' }) challengeId: string;
  @ApiProperty({ enum: MfaMethod, enumName: 'MfaMethod', description: 'EMAIL: a code was e-mailed; TOTP: use the authenticator app' })
  method: MfaMethod;
}

export class MfaDto {
  @ApiProperty() @IsString() @MaxLength(64) challengeId: string;
  @ApiProperty({ example: '123456' }) @IsString() @Matches(/^\s*\d{6}\s*$/) code: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Single use: each refresh returns a new one' }) refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'Access token lifetime in seconds' }) expiresIn: number;
}

export class RefreshDto {
  @ApiProperty() @IsString() @MaxLength(200) refreshToken: string;
}

export class PasswordResetRequestDto {
  @ApiProperty() @IsEmail() @MaxLength(EMAIL_MAX) email: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() captchaId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10) captchaAnswer?: string;
}

export class SecretQuestionDto {
  @ApiProperty() secretQuestion: string;
}

export class PasswordResetDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) secretAnswer: string;
  @ApiProperty() @IsString() @MaxLength(512) password: string;
  @ApiProperty() @IsString() @MaxLength(512) passwordConfirmation: string;
}

export class MyAccountDto {
  @ApiProperty() id: string;
  @ApiProperty() loginEmail: string;
  @ApiProperty({ description: 'Where notices are sent: always a verified address (the login address, or a contact address confirmed from its link)' })
  contactEmail: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'A contact address asked for and not confirmed yet: it receives only its confirmation link until confirmed (null when none)',
  })
  pendingContactEmail: string | null;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) mobilePhone: string | null;
  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus' }) status: UserStatus;
  @ApiProperty({ enum: MfaMethod, enumName: 'MfaMethod' }) mfaMethod: MfaMethod;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty() surveyConsent: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) activatedAt: string | null;
  @ApiProperty({ description: 'False on first login: create a structure or ask to be attached to one' }) hasMemberships: boolean;
}

export class UpdateMyAccountDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) firstName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) lastName?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @Matches(PHONE) phone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @Matches(PHONE) mobilePhone?: string | null;
  @ApiPropertyOptional({
    description:
      'A new contact address is used only once confirmed from the link e-mailed to it (it shows as pendingContactEmail until then); the login address or the one in use applies at once and cancels a pending request; the pending one again sends a new link',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(EMAIL_MAX)
  contactEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() surveyConsent?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(512) currentPassword: string;
  @ApiProperty() @IsString() @MaxLength(512) password: string;
  @ApiProperty() @IsString() @MaxLength(512) passwordConfirmation: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, to type into the app if the QR code cannot be scanned' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Liasse:marie%40example.fr?secret=…&issuer=Liasse' }) otpauthUrl: string;
}

/** Re-authentication before touching the authenticator: one of the two (the password is checked first). */
export class AuthenticatorProofDto {
  @ApiPropertyOptional({ description: 'Current password. Either this or currentCode is required.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  currentPassword?: string;
  @ApiPropertyOptional({ example: '123456', description: 'A code of the authenticator app now in use (only when mfaMethod is TOTP). Either this or currentPassword is required.' })
  @IsOptional()
  @IsString()
  @Matches(/^\s*\d{6}\s*$/)
  currentCode?: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' }) @IsString() @Matches(/^\s*\d{6}\s*$/) code: string;
}

export class MfaMethodDto {
  @ApiProperty({ enum: MfaMethod, enumName: 'MfaMethod' }) mfaMethod: MfaMethod;
}

export class DeactivationDto {
  @ApiProperty({ description: 'Current password, to confirm' }) @IsString() @MaxLength(512) password: string;
  @ApiProperty({ description: 'Must be true: deactivation signs you out everywhere' }) @Equals(true) confirm: boolean;
}

export class UserSearchQueryDto {
  @ApiPropertyOptional({ description: 'Part of the e-mail or name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: UserStatus, enumName: 'UserStatus' }) @IsOptional() @IsIn(Object.values(UserStatus)) status?: UserStatus;
  @ApiPropertyOptional({ description: 'Only deactivated accounts that asked to be reactivated' })
  @IsOptional()
  @IsIn(['true', 'false'])
  reactivationRequested?: 'true' | 'false';
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class AdminUserDto {
  @ApiProperty() id: string;
  @ApiProperty() loginEmail: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus' }) status: UserStatus;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deactivatedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reactivationRequestedAt: string | null;
}

export class AdminUserPageDto {
  @ApiProperty({ type: AdminUserDto, isArray: true }) items: AdminUserDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
