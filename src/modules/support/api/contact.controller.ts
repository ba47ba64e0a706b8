import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { SensitiveRoute } from '../../../shared/http/throttle';
import { SubmitContactForm } from '../application/submit-contact-form.use-case';
import { SupportErrors as E } from '../domain/support.errors';
import { ContactAcceptedDto, ContactFormDto } from './support.dto';

@ApiTags('support')
@Public()
@Controller('api/v1/contact')
export class ContactController {
  constructor(private readonly submit: SubmitContactForm) {}

  @Post()
  @HttpCode(202)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'submitContactForm', summary: 'Contact form for people who cannot log in (captcha): opens a ticket for platform support' })
  @ApiAcceptedResponse({ type: ContactAcceptedDto })
  @ApiProblems([CommonErrors.CAPTCHA_INVALID, E.SUB_CATEGORY_NOT_FOUND, E.BUSINESS_CATEGORY_NOT_ALLOWED, CommonErrors.TOO_MANY_REQUESTS], { publicRoute: true })
  async submitContactForm(@Body() body: ContactFormDto): Promise<ContactAcceptedDto> {
    await this.submit.execute(body);
    return { message: 'Votre demande est enregistrée ; une confirmation vous est envoyée par e-mail.' };
  }
}
