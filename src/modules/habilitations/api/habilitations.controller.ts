import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { CurrentActor, CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { DecideMembershipRequest, ListApprovals, RequestMembership } from '../application/membership-requests.use-cases';
import { AttachMember, DetachMember, ListMembers, ListMyMemberships, TransferPrincipalManager, UpdateMemberGrants } from '../application/members.use-cases';
import { grantsToText, MemberView, MembershipRequestView, toCsv } from '../application/views';
import { HabilitationsErrors } from '../domain/habilitations.errors';
import { MembershipRequestStatus } from '../domain/membership-request.entity';
import {
  ApprovalDto,
  ApprovalsQueryDto,
  AttachMemberDto,
  CreateMembershipRequestDto,
  GrantsDto,
  ListFormatQueryDto,
  MemberDto,
  MembershipRequestDto,
  MyGrantsDto,
  MyMembershipDto,
  RefusalDto,
  TransferPrincipalManagerDto,
} from './habilitations.dto';

function approvalsCsv(rows: MembershipRequestView[]): string {
  return toCsv(
    ['id', 'date', 'type', 'statut', 'identifiant', 'structure', 'demandeur', 'email', 'commentaire', 'decision'],
    rows.map((r) => [r.id, r.createdAt, r.kind, r.status, r.structureIdentifier, r.structureName, `${r.requester.firstName} ${r.requester.lastName}`, r.requester.loginEmail, r.comment, r.decisionComment]),
  );
}

function membersCsv(rows: MemberView[]): string {
  return toCsv(
    ['email', 'prenom', 'nom', 'gestionnaire_principal', 'service', 'habilitations', 'depuis'],
    rows.map((m) => [m.loginEmail, m.firstName, m.lastName, m.principal, m.serviceId, grantsToText(m.grants), m.since]),
  );
}

async function sendCsv(reply: FastifyReply, name: string, csv: string): Promise<void> {
  await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(csv);
}

@ApiTags('habilitations')
@ApiBearerAuth('bearer')
@Controller('api/v1')
export class HabilitationsController {
  constructor(
    private readonly requestMembershipUseCase: RequestMembership,
    private readonly approvals: ListApprovals,
    private readonly decision: DecideMembershipRequest,
    private readonly attach: AttachMember,
    private readonly detach: DetachMember,
    private readonly grants: UpdateMemberGrants,
    private readonly members: ListMembers,
    private readonly mine: ListMyMemberships,
    private readonly transfer: TransferPrincipalManager,
  ) {}

  @Post('membership-requests')
  @ApiOperation({ operationId: 'requestMembership', summary: 'Ask to be attached to a structure (or for more grants there)' })
  @ApiCreatedResponse({ type: MembershipRequestDto })
  @ApiProblems([HabilitationsErrors.STRUCTURE_NOT_FOUND, HabilitationsErrors.SERVICE_NOT_FOUND, HabilitationsErrors.ALREADY_MEMBER, HabilitationsErrors.REQUEST_ALREADY_PENDING, CommonErrors.FORBIDDEN])
  requestMembership(@CurrentUser() actor: UserActor, @Body() body: CreateMembershipRequestDto): Promise<MembershipRequestDto> {
    return this.requestMembershipUseCase.execute(actor, body);
  }

  @Get('approvals')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ operationId: 'listApprovals', summary: 'My approvals inbox: requests on structures where I hold Organisation – modification' })
  @ApiOkResponse({ type: MembershipRequestDto, isArray: true })
  @ApiProblems([])
  async listApprovals(@CurrentActor() actor: Actor, @Query() query: ApprovalsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<MembershipRequestDto[] | undefined> {
    const rows = await this.approvals.execute(actor, (query.status ?? 'PENDING') as MembershipRequestStatus | 'ALL');
    if (query.format !== 'csv') return rows;
    await sendCsv(reply, 'validations', approvalsCsv(rows));
    return undefined;
  }

  @Get('approvals/export')
  @ApiProduces('text/csv')
  @ApiOperation({ operationId: 'exportApprovals', summary: 'My approvals inbox as CSV' })
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiProblems([])
  async exportApprovals(@CurrentActor() actor: Actor, @Query() query: ApprovalsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendCsv(reply, 'validations', approvalsCsv(await this.approvals.execute(actor, (query.status ?? 'PENDING') as MembershipRequestStatus | 'ALL')));
  }

  @Post('approvals/:id/approval')
  @HttpCode(200)
  @ApiOperation({ operationId: 'approveMembershipRequest', summary: 'Approve a request (attachment with default grants, or the requested grants)' })
  @ApiOkResponse({ type: MembershipRequestDto })
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.REQUEST_NOT_FOUND, HabilitationsErrors.REQUEST_ALREADY_DECIDED])
  approveMembershipRequest(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ApprovalDto): Promise<MembershipRequestDto> {
    return this.decision.approve(actor, id, body?.comment);
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
  @ApiOperation({ operationId: 'attachMember', summary: 'Attach an existing user by login e-mail (default grants)' })
  @ApiCreatedResponse({ type: MemberDto })
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.USER_NOT_FOUND, HabilitationsErrors.SERVICE_NOT_FOUND, HabilitationsErrors.ALREADY_MEMBER])
  attachMember(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AttachMemberDto): Promise<MemberDto> {
    return this.attach.execute(actor, id, body);
  }

  @Get('structures/:id/members')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ operationId: 'listMembers', summary: 'Members of a structure and their grants (?format=csv for a file)' })
  @ApiOkResponse({ type: MemberDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN])
  async listMembers(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListFormatQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberDto[] | undefined> {
    const rows = await this.members.execute(actor, id);
    if (query.format !== 'csv') return rows;
    await sendCsv(reply, 'utilisateurs', membersCsv(rows));
    return undefined;
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
  @ApiProblems([CommonErrors.FORBIDDEN, HabilitationsErrors.MEMBER_NOT_FOUND, HabilitationsErrors.PRINCIPAL_MANAGER_PROTECTED])
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
  @ApiOperation({ operationId: 'transferPrincipalManager', summary: 'Transfer the principal manager role (current principal manager to a member; administrators to anyone)' })
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems([HabilitationsErrors.NOT_PRINCIPAL_MANAGER, HabilitationsErrors.USER_NOT_FOUND, HabilitationsErrors.MEMBER_NOT_FOUND, HabilitationsErrors.STRUCTURE_NOT_FOUND])
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
