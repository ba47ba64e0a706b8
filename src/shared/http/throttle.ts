import { UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Rate limit for routes attackers like (login, sign-up, reset, token): per client IP and route, at
 * THROTTLE_SENSITIVE_PER_MINUTE. Other routes are not throttled here (a reverse proxy does that).
 */
export const SensitiveRoute = (): MethodDecorator & ClassDecorator => UseGuards(ThrottlerGuard);
