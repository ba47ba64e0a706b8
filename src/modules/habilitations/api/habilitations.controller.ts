import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { CurrentActor, CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { ApiCsvFileResponse, csvDownload } from '../../../shared/http/downloads';
import { ApiPageOrCsvResponse, pageRequest } from '../../../shared/http/pagination';
import { SensitiveRoute } from '../../../shared/http/throttle';
import { ApprovalFilters, DecideMembershipRequest, ExportApprovals, ListApprovals, RequestMembership } from '../application/membership-requests.use-cases';
import { AttachMember, DetachMember, ExportMembers, ListMembers, ListMyMemberships, MemberFilters, TransferPrincipalManager, UpdateMemberGrants } from '../application/members.use-cases';
import { HabilitationsErrors } from '../domain/habilitations.errors';
import { MembershipRequestStatus } from '../domain/membership-request.entity';
import { MembershipStatus } from '../domain/membership.entity';
import {
  ApprovalDto,
  ApprovalsExportQueryDto,
  ApprovalsQueryDto,
  AttachMemberDto,
  AttachmentAcceptedDto,
  CreateMembershipRequestDto,
  GrantsDto,
  MemberDto,
  MemberPageDto,
  MembersQueryDto,
  MembershipRequestDto,
  MembershipRequestPageDto,
  MyGrantsDto,
  MyMembershipDto,
  RefusalDto,
  TransferPrincipalManagerDto,
} from './habilitations.dto';
import { Idempotent } from '../../../shared/idempotency/idempotency';

const ATTACHMENT_ACCEPTED: AttachmentAcceptedDto = {
  message:
    'Si cette adresse correspond à un compte actif, la personne est rattachée à la structure (voir la liste des membres) et prévenue par e-mail ; sinon, un e-mail lui indique comment rejoindre la structure.',
};

const approvalFilters = (q: ApprovalsExportQueryDto): ApprovalFilters => ({ status: q.status as MembershipRequestStatus | 'ALL' | undefined, structureId: q.structureId, q: q.q });
const memberFilters = (q: MembersQueryDto): MemberFilters => ({ status: q.status as MembershipStatus | 'ALL' | undefined, q: q.q });

@ApiTags('habilitations')
@Controller('api/v1')
export class HabilitationsController {
  constructor(
    private readonly requestMembershipUseCase: RequestMembership,
    private readonly approvals: ListApprovals,
    private readonly approvalsExport: ExportApprovals,
    private readonly decision: DecideMembershipRequest,
    private readonly attach: AttachMember,
    private readonly detach: DetachMember,
    private readonly grants: UpdateMemberGrants,
    private readonly members: ListMembers,
    private readonly membersExport: ExportMembers,
    private readonly mine: ListMyMemberships,
    private readonly transfer: TransferPrincipalManager,
  ) {}

  @Post('membership-requests')
  @ApiOperation({ operationId: 'requestMembership', summary: 'Ask to be attached to a structure (or, a member, for more grants there: say which in the comment; the approver sets them)' })
  @ApiCreatedResponse({ type: MembershipRequestDto })
  @ApiProblems([HabilitationsErrors.STRUCTURE_NOT_FOUND, HabilitationsErrors.SERVICE_NOT_FOUND, HabilitationsErrors.ALREADY_MEMBER, HabilitationsErrors.REQUEST_ALREADY_PENDING, CommonErrors.FORBIDDEN])
  @Idempotent()
  requestMembership(@CurrentUser() actor: UserActor, @Body() body: CreateMembershipRequestDto): Promise<MembershipRequestDto> {
    return this.requestMembershipUseCase.execute(actor, body);
  }

  @Get('approvals')
  @ApiOperation({
    operationId: 'listApprovals',
    summary: 'My approvals inbox, one page at a time: requests on structures where I hold Organisation – modification, newest first (?format=csv for a file of all of them)',
  })
  @ApiPageOrCsvResponse(MembershipRequestPageDto)
  @ApiProblems([CommonErrors.FORBIDDEN])
  async listApprovals(
    @CurrentActor() actor: Actor,
    @Query() query: ApprovalsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MembershipRequestPageDto | StreamableFile> {
    if (query.format === 'csv') return csvDownload(reply, 'validations.csv', await this.approvalsExport.execute(actor, approvalFilters(query)));
    return this.approvals.execute(actor, approvalFilters(query), pageRequest(query));
  }

  @Get('approvals/export')
  @ApiOperation({ operationId: 'exportApprovals', summary: 'My approvals inbox as CSV: every request matching the filters, newest first, streamed' })
  @ApiCsvFileResponse()
  @ApiProblems([CommonErrors.FORBIDDEN])
  async exportApprovals(@CurrentActor() actor: Actor, @Query() query: ApprovalsExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return csvDownload(reply, 'validations.csv', await this.approvalsExport.execute(actor, approvalFilters(query)));
  }

  @Post('approvals/:id/approval')
  @HttpCode(200)
  @ApiOperation({ operationId: 'approveMembershipRequest', summary: 'Approve a request, setting the grants (those given, or the defaults added to what the member holds); the requester is e-mailed them' })
  @ApiOkResponse({ type: MembershipRequestDto })
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.REQUEST_NOT_FOUND, HabilitationsErrors.REQUEST_ALREADY_DECIDED, HabilitationsErrors.GRANTS_EXCEED_MANAGER, HabilitationsErrors.MEMBER_NOT_FOUND])
  approveMembershipRequest(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ApprovalDto): Promise<MembershipRequestDto> {
    return this.decision.approve(actor, id, { comment: body?.comment, grants: body?.grants });
  }

  @Post('approvals/:id/refusal')
  @HttpCode(200)
  @ApiOperation({ operationId: 'refuseMembershipRequest', summary: 'Refuse a request (comment required, sent to the requester)' })
  @ApiOkResponse({ type: MembershipRequestDto })
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.REQUEST_NOT_FOUND, HabilitationsErrors.REQUEST_ALREADY_DECIDED])
  refuseMembershipRequest(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RefusalDto): Promise<MembershipRequestDto> {
    return this.decision.refuse(actor, id, body.comment);
  }

  @Post('structures/:id/members')
  @HttpCode(202)
  @SensitiveRoute()
  @ApiOperation({
    operationId: 'attachMember',
    summary:
      'Attach a user by login e-mail (default grants). 202 in every case, so the answer never tells whether the address has an account: an active account is attached and e-mailed (see the members list); any other address is e-mailed how to join',
  })
  @ApiAcceptedResponse({ type: AttachmentAcceptedDto })
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.SERVICE_NOT_FOUND, CommonErrors.TOO_MANY_REQUESTS])
  @Idempotent()
  async attachMember(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AttachMemberDto): Promise<AttachmentAcceptedDto> {
    await this.attach.execute(actor, id, body);
    return ATTACHMENT_ACCEPTED;
  }

  @Get('structures/:id/members')
  @ApiOperation({ operationId: 'listMembers', summary: 'Members of a structure and their grants, one page at a time, by last name, first name (?format=csv for a file of all of them)' })
  @ApiPageOrCsvResponse(MemberPageDto)
  @ApiProblems([CommonErrors.FORBIDDEN])
  async listMembers(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MembersQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberPageDto | StreamableFile> {
    if (query.format === 'csv') return csvDownload(reply, 'utilisateurs.csv', await this.membersExport.execute(actor, id, memberFilters(query)));
    return this.members.execute(actor, id, memberFilters(query), pageRequest(query));
  }

  @Delete('structures/:id/members/:userId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'detachMember', summary: 'Detach a member (or myself); not the principal manager' })
  @ApiNoContentResponse()
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.MEMBER_NOT_FOUND, HabilitationsErrors.PRINCIPAL_MANAGER_PROTECTED], { validated: false })
  async detachMember(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    await this.detach.execute(actor, id, userId);
  }

  @Put('structures/:id/members/:userId/grants')
  @ApiOperation({ operationId: 'updateMemberGrants', summary: "Replace a member's grants (the principal manager's cannot change)" })
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.MEMBER_NOT_FOUND, HabilitationsErrors.PRINCIPAL_MANAGER_PROTECTED, HabilitationsErrors.GRANTS_EXCEED_MANAGER])
  updateMemberGrants(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: GrantsDto,
  ): Promise<MemberDto> {
    return this.grants.execute(actor, id, userId, body.grants);
  }

  @Post('structures/:id/principal-manager')
  @HttpCode(200)
  @SensitiveRoute()
  @ApiOperation({ operationId: 'transferPrincipalManager', summary: 'Transfer the principal manager role (current principal manager to a member; administrators to anyone)' })
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems([HabilitationsErrors.NOT_PRINCIPAL_MANAGER, HabilitationsErrors.MEMBER_NOT_FOUND, HabilitationsErrors.USER_NOT_FOUND, HabilitationsErrors.STRUCTURE_NOT_FOUND, CommonErrors.TOO_MANY_REQUESTS])
  transferPrincipalManager(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransferPrincipalManagerDto): Promise<MemberDto> {
    return this.transfer.execute(actor, id, body.loginEmail);
  }

  @Get('me/memberships')
  @ApiOperation({ operationId: 'listMyMemberships', summary: 'The structures I belong to' })
  @ApiOkResponse({ type: MyMembershipDto, isArray: true })
  @ApiProblems([], { validated: false })
  listMyMemberships(@CurrentUser() actor: UserActor): Promise<MyMembershipDto[]> {
    return this.mine.execute(actor);
  }

  @Get('me/grants')
  @ApiOperation({ operationId: 'listMyGrants', summary: 'My grants, per structure' })
  @ApiOkResponse({ type: MyGrantsDto, isArray: true })
  @ApiProblems([], { validated: false })
  async listMyGrants(@CurrentUser() actor: UserActor): Promise<MyGrantsDto[]> {
    return (await this.mine.execute(actor)).map((m) => ({ structureId: m.structureId, grants: m.grants }));
  }

  @Delete('me/memberships/:structureId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'leaveStructure', summary: 'Detach myself from a structure (the principal manager must transfer the role first)' })
  @ApiNoContentResponse()
  @ApiProblems([HabilitationsErrors.MEMBER_NOT_FOUND, HabilitationsErrors.PRINCIPAL_MANAGER_PROTECTED], { validated: false })
  async leaveStructure(@CurrentUser() actor: UserActor, @Param('structureId', ParseUUIDPipe) structureId: string): Promise<void> {
    await this.detach.execute(actor, structureId, actor.userId);
  }
}
